// Data worker entry: exposes the plain functions of api.ts over comlink, errors sent with the field they name.
import { expose } from 'comlink';
import * as api from './api';
import { installErrorDetails } from '../error-details';

installErrorDetails();

expose(api);
