// The bench page: starts the worker with the URL's options and relays its messages to the runner and the page.
import type { BenchMessage, BenchRequest } from './messages';

declare global {
  interface Window {
    /** Defined by bench/run.mjs (playwright exposeFunction); absent when the page is opened by hand. */
    benchReport?: (m: BenchMessage) => void;
  }
}

const params = new URLSearchParams(location.search);
const suiteParam = params.get('suite');
const req: BenchRequest = {
  suite: suiteParam === 'memory' || suiteParam === 'models' ? suiteParam : 'kernel',
  quick: params.has('quick'),
  filter: params.get('filter') ?? undefined,
  sqlitePragmas: params.get('pragmas') ?? undefined,
  tfjsWasmBase: new URL('tfjs/', location.href).href,
};
const log = document.getElementById('log');
const show = (line: string) => {
  if (log) log.textContent += `${line}\n`;
};

// Literal URLs so Vite bundles every worker.
const worker =
  req.suite === 'memory'
    ? new Worker(new URL('./memory.worker.ts', import.meta.url), { type: 'module' })
    : req.suite === 'models'
      ? new Worker(new URL('./models.worker.ts', import.meta.url), { type: 'module' })
      : new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
worker.addEventListener('message', (e: MessageEvent<BenchMessage>) => {
  const m = e.data;
  if (m.type === 'progress') show(m.progress.total ? `[${m.progress.done}/${m.progress.total}] ${m.progress.label}` : m.progress.label);
  else if (m.type === 'note') show(`note: ${m.message}`);
  else if (m.type === 'error') show(`error: ${m.message}`);
  else if (m.type === 'rows') show(JSON.stringify(m.rows, null, 2));
  window.benchReport?.(m);
});
worker.addEventListener('error', (e) => {
  const m: BenchMessage = { type: 'error', message: `worker failed to start: ${e.message}` };
  show(m.message);
  window.benchReport?.(m);
});
worker.postMessage(req, []);
