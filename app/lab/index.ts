// The app's Lab API over its real bridges, also on globalThis.saflaLab: a deliberate console and scripting API, like saflaEngine.
import { compute } from '../bridges/compute';
import { computePool } from '../bridges/compute-pool';
import { engine } from '../bridges/engine';
import { createLabApi, type LabApi } from './lab-api';

export const lab: LabApi = createLabApi({ engine, pool: computePool, compute });

(globalThis as { saflaLab?: LabApi }).saflaLab = lab;
