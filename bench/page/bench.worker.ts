// The bench worker: loads our kernel and the tfjs peer, runs the suite, posts progress and rows to the page.
import { plainJsPeer } from '../../workers/compute/bench/plain-js';
import { runSuite } from '../../workers/compute/bench/suite';
import type { BenchMessage, BenchRequest } from './messages';
import { startWithTfjs } from './tfjs-worker-env';
import { tfjsWasmPeer } from './tfjs-peer';

// The empty transfer list: nothing is transferred (and it tells linters this is not window.postMessage).
const post = (m: BenchMessage) => self.postMessage(m, []);

async function run(req: BenchRequest): Promise<void> {
  const { kernel } = await startWithTfjs(req, post);
  const rows = await runSuite(kernel, {
    peers: [tfjsWasmPeer, plainJsPeer],
    quick: req.quick,
    filter: req.filter,
    onProgress: (progress) => post({ type: 'progress', progress }),
    onNote: (message) => post({ type: 'note', message }),
  });
  post({ type: 'rows', rows });
}

self.addEventListener('message', (e: MessageEvent<BenchRequest>) => {
  run(e.data).catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) }));
});
