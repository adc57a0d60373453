// The data worker's API: plain functions run inside the worker (the table stays here); the app reaches them through app/bridges/data.ts.
import { transfer } from 'comlink';
import type { PrepareOptions } from '../../core/training/prepare';
import { memoryHints, tabBudget } from './budget';
import { createDataApi, transferables, type PreparedRun } from './data-api';

export type { ColumnsPreview, DatasetInfo, DatasetView, LoadProgress, PreparedRun } from './data-api';

const data = createDataApi({ now: () => performance.now(), budget: () => tabBudget(memoryHints()) });

export const load = data.load;
export const cancelLoad = data.cancelLoad;
export const view = data.view;
export const dataset = data.dataset;

/** prepare() with its buffers transferred to the caller (which hands them on to a compute worker): nothing is copied. */
export function prepare(id: number, options: PrepareOptions): PreparedRun {
  const run = data.prepare(id, options);
  return transfer(run, transferables(run));
}
