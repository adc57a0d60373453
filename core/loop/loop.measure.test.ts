// Measurements (printed, not asserted): training adaptive-coordinator from recorded runs on the wasm kernel at several sizes, and the loop's recommendation latency (warm) without and with the trained model. `npm run measure -- core/loop/loop`.
import { it } from 'vitest';
import { createCatalog } from '../catalog/catalog';
import { catalogDb } from '../catalog/test-support.node';
import { templateNamed } from '../catalog/templates';
import { trainTemplate } from '../catalog/train';
import { createMemory } from '../memory/memory';
import { createPatterns } from '../patterns/patterns';
import { wasmPort, wordVectors } from '../patterns/test-support.node';
import { createPipelineApi } from '../pipeline/serve';
import { LOOP_MODEL } from './api';
import { createLoop } from './loop';

const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)];
const TEMPLATES = ['slugify', 'palindrome', 'email-validator', 'ipv4-parser', 'url-validator', 'password-strength'];

it('catalog training time and recommendation latency', async () => {
  const port = await wasmPort();
  for (const runs of [24, 240, 2400]) {
    const env = await catalogDb();
    for (let i = 0; i < runs; i++) {
      const strategy = (['conservative', 'balanced', 'aggressive'] as const)[i % 3];
      env.recordRun({ template: TEMPLATES[i % 6], complexity: (['easy', 'medium', 'hard'] as const)[Math.floor(i / 3) % 3], strategy, test: strategy === 'aggressive' ? 'fail' : 'pass', iteration: `it-${Math.floor(i / 3)}` });
    }
    const catalog = createCatalog(env.db, env.models);
    const t = templateNamed(LOOP_MODEL)!;
    const times: number[] = [];
    let accuracy = 0;
    for (let k = 0; k < 3; k++) {
      const r = catalog.catalog_records({ name: LOOP_MODEL });
      const tr = await trainTemplate(port, t, { trainingData: r.records }, { now: () => performance.now(), wallClock: () => 0 });
      times.push(tr.training_ms);
      accuracy = tr.trained.result.accuracy;
      if (k === 2) catalog.catalog_save({ name: LOOP_MODEL, file: tr.file, history: tr.trained.outcome.history, data: 'recorded', records: r.records.length, through_id: r.through_id, training_ms: tr.training_ms });
    }
    const listStart = performance.now();
    catalog.catalog_list();
    const listMs = performance.now() - listStart;
    const embedder = wordVectors();
    const patterns = createPatterns({ db: env.db, memory: createMemory({ db: env.db, clock: env.clock, embedder }), port, embedder, clock: env.clock, now: () => performance.now() });
    const loop = createLoop({ db: env.db, pipeline: createPipelineApi(env.pipeline), patterns, catalog, models: env.models, clock: env.clock, now: () => performance.now() });
    loop.loop_recommend({ task: 'Validate email addresses', complexity: 'easy', template: 'email-validator' }); // trains the classifier, decodes the model
    const latencies: number[] = [];
    for (let k = 0; k < 21; k++) latencies.push(loop.loop_recommend({ task: `Validate email addresses ${k}`, complexity: 'easy', template: 'email-validator' }).latency_ms!);
    console.log(`${runs} recorded runs: adaptive-coordinator training median ${median(times).toFixed(1)} ms (${times.map((x) => x.toFixed(1)).join(', ')}; validation accuracy ${accuracy.toFixed(3)}), catalog_list ${listMs.toFixed(1)} ms, loop_recommend with the model median ${median(latencies).toFixed(2)} ms (min ${Math.min(...latencies).toFixed(2)}, max ${Math.max(...latencies).toFixed(2)})`);
  }
}, 600_000);
