// The data bench page: runs one case on the file in its input: the Lab's own path (the app's data worker and compute pool, prepared buffers transferred through this page) or a one-worker contestant; driven by bench/run.mjs through window.benchData.
import { ComputePool } from '../../app/bridges/compute-pool';
import { DataBridge } from '../../app/bridges/data';
import { parseModelConfig } from '../../core/models/config';
import { prepareOptionsOf } from '../../core/training/train';
import type { DataCaseRequest, DataCaseResult } from '../data/types';

interface DataPageApi {
  run(req: DataCaseRequest): Promise<{ result: DataCaseResult; env: Record<string, unknown> }>;
}

declare global {
  interface Window {
    benchData?: DataPageApi;
  }
}

const log = document.getElementById('log');
const show = (line: string) => {
  if (log) log.textContent += `${line}\n`;
};

function file(): File {
  const f = (document.getElementById('file') as HTMLInputElement).files?.[0];
  if (!f) throw new Error('no file in the input');
  return f;
}

/** The Lab's path: the file to the data worker (read there), its view (featurizer fitted there), then a run on the compute pool with the prepared buffers moved, not copied. */
async function labPath(req: DataCaseRequest): Promise<DataCaseResult> {
  const f = file();
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push(Math.round(e.duration));
  });
  observer.observe({ type: 'longtask' });
  const data = new DataBridge();
  const pool = new ComputePool({ size: 1 });
  const options = prepareOptionsOf(parseModelConfig(req.config));
  try {
    const t0 = performance.now();
    const info = await data.load(f, f.name, options, () => undefined);
    const t1 = performance.now();
    const view = await data.view(info.id, options);
    const t2 = performance.now();
    const res = await pool.trainPrepared({ config: req.config, epochs: req.epochs }, () => data.prepare(info.id, options)).done;
    const t3 = performance.now();
    const trainMs = res.result.training_time * 1000;
    return {
      contestant: 'ours-lab', rows: info.rows, wallMs: t3 - t0, ingestMs: t1 - t0, featurizeMs: t2 - t1, trainMs, otherMs: t3 - t2 - trainMs,
      valAccuracy: res.result.accuracy, validationRows: view.counts.validation, tableBytes: info.tableBytes, pageLongTasks: longTasks,
      detail: "the Lab's path: the File to the app's data worker (streamed into columns), the featurizer fitted there (the dataset card's view), its design matrix transferred through the page to a compute-pool worker (the app's), 3 epochs there; other = compute worker and kernel start, the hand-over, packaging the model",
    };
  } finally {
    observer.disconnect();
    data.terminate();
    pool.terminate();
  }
}

function oneWorker(req: DataCaseRequest): Promise<{ result: DataCaseResult; env: Record<string, unknown> }> {
  const worker = new Worker(new URL('./data.worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.addEventListener('message', (e: MessageEvent<{ type: 'result'; result: DataCaseResult; env: Record<string, unknown> } | { type: 'error'; message: string }>) => {
      worker.terminate();
      if (e.data.type === 'error') reject(new Error(e.data.message));
      else resolve({ result: e.data.result, env: e.data.env });
    });
    worker.addEventListener('error', (e) => reject(new Error(`worker failed: ${e.message}`)));
    worker.postMessage({ file: file(), req }, []);
  });
}

window.benchData = {
  async run(req) {
    show(`${req.contestant}: ${file().name}`);
    const out = req.contestant === 'ours-lab' ? { result: await labPath(req), env: { crossOriginIsolated, userAgent: navigator.userAgent } } : await oneWorker(req);
    show(JSON.stringify(out.result));
    return out;
  },
};
