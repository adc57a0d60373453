// `safla neural catalog [train <name>]` and `safla neural loop recommend|run|history`: the 27-model catalog and the learning loop on the state folder (node runner, the kernel, the word vectors); --json prints the worker API's objects.
import { CatalogInputError, checkDataset, MIN_RECORDS, templateNamed, TEMPLATES, type CatalogApi, type CatalogEntry } from '../core/catalog/api';
import { createCatalog } from '../core/catalog/catalog';
import { trainTemplate } from '../core/catalog/train';
import type { LoopStep } from '../core/loop/api';
import { createLoop, readSteps } from '../core/loop/loop';
import { runLoopStep, type LoopRunResult } from '../core/loop/run';
import type { KernelPort } from '../core/nn/port';
import { createPipelineApi } from '../core/pipeline/serve';
import { createPipelineStore } from '../core/pipeline/store';
import type { NeuralTrainResult } from '../core/models/lab';
import { listenForInterrupt } from './interrupt';
import { CliError, type CliIo } from './io';
import { loadPort } from './kernel';
import { readJson, type Flags } from './neural';
import { patternsOnState } from './patterns';
import { createNodeRunner } from './pipeline/node-runner';
import { asFlagError, complexityFlag, seedFlag, timeoutFlag, weightsFlags } from './pipeline-flags';
import { table } from './pipeline-format';
import { withExistingState, withState, withStateOrScratch, type CliState } from './state';
import { CLI_TIMEOUT_MS } from './train-pipeline';
import { loadWordVectors } from './word-vectors';

export const CATALOG_USAGE = `The model catalog (the reference's 27 models, trained only from your data) and the learning loop
  safla neural catalog                       [--json]   each template: what it learns, measured accuracy or untrained
  safla neural catalog train <name>          [--data dataset.json] [--json]
  safla neural loop recommend "<task>"       --complexity easy|medium|hard [--template t] [--preset p | --weights r,s,c] [--json]
  safla neural loop run "<task>"             --complexity easy|medium|hard [--seed N] [--timeout-ms ${CLI_TIMEOUT_MS}] [--preset p | --weights r,s,c] [--json]
  safla neural loop history                  [--complexity c] [--json]

catalog train: from the state folder's recorded data (learned operations, pipeline runs, memory entries, training
history: each template says which), or from --data (a JSON array of records or {trainingData, validationData},
each record holding the template's input fields and target). Fewer than ${MIN_RECORDS} usable records, or a single class,
trains nothing and says so with the count. The trained model is the registry's next version of catalog-<name>.
loop recommend: a strategy for the task from the recent runs at that complexity, the catalog's adaptive-coordinator
(when trained) and the pipeline's weights, with a confidence and the reasoning; each recommendation is stored.
loop run: generates a task of that complexity, recommends, runs the recommended strategy on the node runner (npm test
and npm run lint), records the run, its profile update and a neural_patterns record; retrains adaptive-coordinator
once 10 runs were recorded since its training.`;

/** The catalog, the loop and what they stand on, over a state (opened with the word vectors). */
function servicesOn(state: CliState, words: Awaited<ReturnType<typeof loadWordVectors>>, port: KernelPort, io: CliIo) {
  const { db, models } = state;
  const catalog = createCatalog(db, models);
  const pipeline = createPipelineApi(createPipelineStore(db));
  const patterns = patternsOnState(state, words, port, io.wallClock, io.now);
  const loop = createLoop({ db, pipeline, patterns, catalog, models, clock: io.wallClock, now: io.now });
  return { catalog, loop, pipeline };
}

const score = (e: CatalogEntry): string => {
  const t = e.trained;
  if (!t) return 'untrained';
  if (t.accuracy === null) return 'not measured';
  return t.metric === 'r2' ? `R² ${t.accuracy.toFixed(3)}` : `${(t.accuracy * 100).toFixed(1)}% accuracy`;
};

function listLines(entries: CatalogEntry[]): string[] {
  const rows = entries.map((e) => [e.name, e.category, score(e), e.trained ? `${e.trained.version}${e.trained.records === null ? '' : `, ${e.trained.records} records`}` : '—',
    e.recorded.ready ? `${e.recorded.usable} ready` : `${e.recorded.usable} of ${e.recorded.needed}${e.recorded.usable >= e.recorded.needed ? ' (one class)' : ''}`, e.learns]);
  const trained = entries.filter((e) => e.status === 'trained').length;
  return [
    ...table([['Model', 'Group', 'Measured', 'Version', 'Recorded data', 'Learns'], ...rows]),
    '',
    `${trained} of ${entries.length} trained. "Measured" is the registry's validation score of the latest trained version (measured on this machine), never a claimed figure.`,
  ];
}

function trainedLines(e: CatalogEntry, r: NeuralTrainResult, ms: number): string[] {
  const t = e.trained!;
  return [
    `Trained ${t.model_id}@${t.version} on ${t.records} records in ${(ms / 1000).toFixed(2)} s (${r.details.train_records} for training, ${r.details.validation_records} held out; ${r.improvement_rate}).`,
    `Measured: ${score(e)} on ${t.measured_on ?? `${r.details.validation_records} validation records`}.`,
    `Learns: ${e.learns}.`,
  ];
}

async function catalogTrain(io: CliIo, flags: Flags, name: string | undefined): Promise<void> {
  if (name === undefined) throw new CliError(`safla neural catalog train needs a template name: ${TEMPLATES.map((t) => t.name).join(', ')}`, 2);
  const t = templateNamed(name);
  if (!t) throw new CliError(`unknown catalog model ${JSON.stringify(name)}: use one of ${TEMPLATES.map((x) => x.name).join(', ')}`, 2);
  const dataPath = typeof flags.data === 'string' ? flags.data : undefined;
  let dataset: ReturnType<typeof checkDataset> | undefined;
  if (dataPath !== undefined) {
    const raw = await readJson(io, dataPath);
    try {
      dataset = checkDataset(t, raw);
    } catch (e) {
      if (e instanceof CatalogInputError) throw new CliError(`${dataPath}: ${e.field} ${e.problem}`);
      throw e;
    }
  }
  // Too little recorded data trains nothing and creates no state folder.
  if (!dataset) {
    const ready = await withStateOrScratch(io, flags.state, (state) => createCatalog(state.db, state.models).catalog_entry({ name }).recorded);
    if (!ready.ready) throw new CliError(`${name} was not trained: ${ready.reason}. Record more (or give --data).`);
  }
  const port = await loadPort();
  const out = await withState(io, flags.state, async (state) => {
    const catalog = createCatalog(state.db, state.models);
    let data: { trainingData: Record<string, string | number | boolean | null>[]; validationData?: Record<string, string | number | boolean | null>[] };
    let through: number | null = null;
    if (dataset) data = dataset;
    else {
      const r = catalog.catalog_records({ name });
      if (!r.readiness.ready) throw new CliError(`${name} was not trained: ${r.readiness.reason}. Record more (or give --data).`);
      data = { trainingData: r.records };
      through = r.through_id;
    }
    const json = flags.json === true;
    const every = Math.max(1, Math.round(t.training.epochs / 10));
    const run = await trainTemplate(port, t, data, {
      now: io.now, wallClock: io.wallClock,
      onEpoch: (m) => {
        if (!json && (m.epoch === 1 || m.epoch % every === 0)) io.err(`epoch ${m.epoch}: loss ${m.loss.toFixed(4)}, val_loss ${m.val_loss.toFixed(4)}, val ${t.output.task === 'regression' ? 'R²' : 'accuracy'} ${m.val_accuracy.toFixed(3)}`);
      },
    });
    const records = data.trainingData.length + (data.validationData?.length ?? 0);
    const entry = catalog.catalog_save({ name, file: run.file, history: run.trained.outcome.history, data: dataset ? 'dataset' : 'recorded', records, through_id: through, training_ms: run.training_ms, ...(dataPath ? { dataset_name: dataPath } : {}) });
    return { entry, result: run.trained.result, training_ms: run.training_ms };
  });
  if (flags.json === true) io.out(JSON.stringify({ action: 'train', ...out }, null, 2));
  else for (const l of trainedLines(out.entry, out.result, out.training_ms)) io.out(l);
}

export async function catalogCommand(io: CliIo, args: readonly string[], flags: Flags): Promise<void> {
  const [action, name, ...extra] = args;
  if (extra.length > 0) throw new CliError(`unexpected arguments: ${extra.join(' ')}`, 2);
  if (action === 'train') return catalogTrain(io, flags, name);
  if (action !== undefined) throw new CliError(`unknown action 'neural catalog ${action}': use \`safla neural catalog\` or \`safla neural catalog train <name>\`\n\n${CATALOG_USAGE}`, 2);
  const entries = await withStateOrScratch(io, flags.state, (state) => createCatalog(state.db, state.models).catalog_list());
  if (flags.json === true) io.out(JSON.stringify(entries, null, 2));
  else for (const l of listLines(entries)) io.out(l);
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function stepLines(s: LoopStep): string[] {
  return [
    `Recommended: ${s.recommended} for ${s.complexity} "${s.task}"${s.template ? ` (template ${s.template})` : ''} — confidence ${pct(s.confidence)} (step #${s.id}, ${s.latency_ms === null ? '' : `${s.latency_ms.toFixed(1)} ms`})`,
    ...s.estimates.map((e) => `  ${e.strategy.padEnd(12)} weighted ${e.weighted.toFixed(3)}  reliability ${pct(e.reliability)} (${e.passed} of ${e.runs} recent passed${e.model_probability === null ? '' : `, model ${pct(e.model_probability)}`})  speed ${e.speed.toFixed(2)}  score ${e.quality.toFixed(2)}`),
    'Reasoning:',
    ...s.reasoning.map((r) => `  - ${r}`),
  ];
}

function runLines(r: LoopRunResult): string[] {
  const lines = stepLines(r.recommendation);
  const run = r.iteration.runs[0];
  if (r.cancelled || !run) return [...lines, 'Cancelled: the run was not stored.'];
  const res = run.result;
  lines.push(`Ran ${run.strategy} on ${r.iteration.task.title} (${r.iteration.task.id}) with ${res.label.runner} (${res.label.engine}): tests ${res.test.status}, lint ${res.lint.status}, ${Math.round(res.test.duration_ms + res.lint.duration_ms)} ms${run.score.scored ? `, score ${run.score.score.toFixed(1)}` : ''}`);
  if (r.recorded) lines.push(`Recorded: pipeline run #${r.recorded.run_id}, ${r.recorded.profile ? `${r.recorded.profile.strategy}'s profile updated (${r.recorded.profile.uses} scored runs)` : 'not scored'}${r.recorded.pattern_memory_id === null ? '' : `, neural_patterns operation #${r.recorded.pattern_memory_id}`}`);
  if (r.retrained?.trained) lines.push(`Retrained ${r.retrained.model_id}@${r.retrained.trained.version} (${r.recorded?.retrain.new_records} new runs since its last training): ${score(r.retrained)}`);
  else if (r.recorded?.retrain.trained) lines.push(`adaptive-coordinator: ${r.recorded.retrain.new_records} of ${r.recorded.retrain.every} new runs before it retrains`);
  return lines;
}

/** Retrains a template from the state's recorded data in this process (the loop's trigger). */
async function retrainOn(catalog: CatalogApi, port: KernelPort, io: CliIo, name: string): Promise<CatalogEntry> {
  const r = catalog.catalog_records({ name });
  const t = templateNamed(name)!;
  if (!r.readiness.ready) return catalog.catalog_entry({ name });
  const run = await trainTemplate(port, t, { trainingData: r.records }, { now: io.now, wallClock: io.wallClock });
  return catalog.catalog_save({ name, file: run.file, history: run.trained.outcome.history, data: 'recorded', records: r.records.length, through_id: r.through_id, training_ms: run.training_ms });
}

export async function loopCommand(io: CliIo, args: readonly string[], flags: Flags): Promise<void> {
  const [action, ...words] = args;
  if (action === 'history') {
    if (words.length > 0) throw new CliError(`unexpected arguments: ${words.join(' ')}`, 2);
    const complexity = flags.complexity === undefined ? undefined : complexityFlag(flags);
    const steps = await withExistingState(io, flags.state, (state) => (state ? readSteps(state.db, { limit: 100, ...(complexity ? { complexity } : {}) }) : []));
    if (flags.json === true) io.out(JSON.stringify(steps, null, 2));
    else if (steps.length === 0) io.out('No loop steps yet: safla neural loop run "<task>" --complexity easy');
    else for (const l of table([['Step', 'Complexity', 'Recommended', 'Confidence', 'Ran', 'Outcome', 'Task'], ...steps.map((s) => [`#${s.id}`, s.complexity, s.recommended, pct(s.confidence), s.ran_strategy ?? '—', s.passed === null ? (s.status === 'recorded' ? 'not scored' : 'not run') : s.passed ? 'passed' : 'failed', s.task])])) io.out(l);
    return;
  }
  if (action !== 'recommend' && action !== 'run') throw new CliError(`${action === undefined ? 'safla neural loop needs an action' : `unknown action 'neural loop ${action}'`}: use recommend, run or history\n\n${CATALOG_USAGE}`, 2);
  const task = words.join(' ').trim();
  if (task === '') throw new CliError(`the task is required: safla neural loop ${action} "<task>" --complexity easy`, 2);
  const complexity = complexityFlag(flags);
  const { preset, weights } = weightsFlags(flags);
  const template = typeof flags.template === 'string' ? flags.template : undefined;
  if (action === 'run' && template !== undefined) throw new CliError('--template is for recommend: run generates its task from --complexity and --seed', 2);
  const { seed } = seedFlag(flags);
  const timeout_ms = timeoutFlag(flags, CLI_TIMEOUT_MS);
  const [words_, port] = await Promise.all([loadWordVectors(), loadPort()]);
  const json = flags.json === true;
  if (action === 'recommend') {
    const step = await withState(io, flags.state, (state) => {
      try {
        return servicesOn(state, words_, port, io).loop.loop_recommend({ task, complexity, ...(template ? { template } : {}), ...(preset === 'custom' ? { weights } : { preset }) });
      } catch (e) {
        throw asFlagError(e);
      }
    }, { embedder: words_ });
    if (json) io.out(JSON.stringify(step, null, 2));
    else for (const l of stepLines(step)) io.out(l);
    return;
  }
  const interrupt = listenForInterrupt(io.err);
  let result: LoopRunResult;
  try {
    result = await withState(io, flags.state, async (state) => {
      const s = servicesOn(state, words_, port, io);
      const calls = { ...s.loop, pipeline_profiles: s.pipeline.pipeline_profiles, pipeline_log: s.pipeline.pipeline_log };
      try {
        return await runLoopStep(calls, createNodeRunner(), { task, complexity, seed, timeout_ms, ...(preset === 'custom' ? { weights } : { preset }) }, {
          signal: interrupt.signal, clock: io.wallClock,
          onProgress: (e) => {
            if (e.type === 'task') io.err(`${e.task.complexity}: ${e.task.title} (${e.task.id})`);
            if (e.type === 'strategy-start') io.err(`  ${e.strategy}: running npm test and npm run lint`);
          },
          retrain: (name) => retrainOn(s.catalog, port, io, name),
        });
      } catch (e) {
        throw asFlagError(e);
      }
    }, { embedder: words_ });
  } finally {
    interrupt.dispose();
  }
  if (json) io.out(JSON.stringify(result, null, 2));
  else for (const l of runLines(result)) io.out(l);
  if (result.cancelled) throw interrupt.error('the interrupted run was not stored');
}
