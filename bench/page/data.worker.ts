// The data benchmark's one-worker contestants: our readers or papaparse into typed columns then our featurizer and kernel, or tf.data with tfjs-layers; one case per fresh page.
import { loadKernelBrowser } from '../../kernel/js/browser';
import { createWasmPort } from '../../kernel/js/network';
import { readAndTrain, readOurs, readPapa } from '../data/one-worker';
import { runTfjsData } from '../data/tfjs-data';
import type { DataCaseRequest, DataCaseResult } from '../data/types';
import { initTfjs } from './tfjs-peer';

type Reply = { type: 'result'; result: DataCaseResult; env: Record<string, unknown> } | { type: 'error'; message: string };

async function run(file: File, req: DataCaseRequest): Promise<Reply> {
  if (req.contestant === 'tfjs-data') {
    const tfjs = await initTfjs(req.tfjsWasmBase);
    return { type: 'result', result: await runTfjsData(file, req), env: { tfjs } };
  }
  const kernel = await loadKernelBrowser();
  const port = createWasmPort(kernel);
  const result = await readAndTrain(port, file, req, req.contestant === 'papaparse' ? readPapa : readOurs);
  return { type: 'result', result, env: { kernelFlavor: kernel.flavor } };
}

self.addEventListener('message', (e: MessageEvent<{ file: File; req: DataCaseRequest }>) => {
  run(e.data.file, e.data.req).then(
    (reply) => self.postMessage(reply, []),
    (err: unknown) => self.postMessage({ type: 'error', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) } satisfies Reply, []),
  );
});
