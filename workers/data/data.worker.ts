// Data worker entry: exposes the plain functions of api.ts over comlink.
import { expose } from 'comlink';
import * as api from './api';

expose(api);
