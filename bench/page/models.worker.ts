// The models bench worker: iris training and int8 batch inference, ours against tfjs-wasm and plain JS, posted to the page.
import { detectFeatures } from '../../kernel/js/features';
import { loadKernelBrowser } from '../../kernel/js/browser';
import { FULL_PLAN, QUICK_PLAN } from '../../workers/compute/bench/suite';
import { runModelsSuite } from '../models/models-suite';
import type { BenchMessage, BenchRequest } from './messages';
import { initTfjs, tfjsTrainer, tfjsWasmPeer } from './tfjs-peer';

const post = (m: BenchMessage) => self.postMessage(m, []);

async function run(req: BenchRequest): Promise<void> {
  const kernel = await loadKernelBrowser();
  const tfjs = await initTfjs(req.tfjsWasmBase);
  const plan = req.quick ? QUICK_PLAN : FULL_PLAN;
  post({
    type: 'env',
    env: {
      kernelFlavor: kernel.flavor,
      kernelFeatures: detectFeatures(),
      crossOriginIsolated: self.crossOriginIsolated,
      userAgent: navigator.userAgent,
      tfjs,
      runsPerCase: plan.runs,
      warmupMs: plan.warmupMs,
      sampleMs: plan.sampleMs,
      quick: req.quick,
      filter: req.filter ?? null,
    },
  });
  let step = 0;
  const rows = await runModelsSuite({
    kernel,
    tfjs: { peer: tfjsWasmPeer, trainer: tfjsTrainer },
    plan,
    filter: req.filter,
    onProgress: (label) => post({ type: 'progress', progress: { done: step++, total: 0, label } }),
    onNote: (message) => post({ type: 'note', message }),
  });
  if (kernel.liveBuffers !== 0) post({ type: 'note', message: `kernel buffers left after the models suite: ${kernel.liveBuffers}` });
  post({ type: 'rows', rows });
}

self.addEventListener('message', (e: MessageEvent<BenchRequest>) => {
  run(e.data).catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) }));
});
