// The models bench worker: iris training and int8 batch inference, ours against tfjs-wasm and plain JS, posted to the page.
import { runModelsSuite } from '../models/models-suite';
import type { BenchMessage, BenchRequest } from './messages';
import { startWithTfjs } from './tfjs-worker-env';
import { tfjsTrainer, tfjsWasmPeer } from './tfjs-peer';

const post = (m: BenchMessage) => self.postMessage(m, []);

async function run(req: BenchRequest): Promise<void> {
  const { kernel, plan } = await startWithTfjs(req, post);
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
