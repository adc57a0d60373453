// `safla neural ensemble`: named ensembles of registry model versions, weighted by measured accuracy only, kept in the state folder and used for predictions.
// The logic is core/models/ensembles.ts (the ensemble_create tool's too); this is its command line.
import { decodeClf } from '../core/format/clf';
import { createEnsembleStore, ENSEMBLE_NAME, ensemblePredictions, weighMember, type Ensemble, type LoadedMember } from '../core/models/ensembles';
import { LabInputError } from '../core/models/lab';
import { CliError, type CliIo } from './io';
import { parseModelRef } from './model-ref';
import type { Flags } from './neural';
import { readData, readJson } from './neural';
import { withExistingState, withState, type CliState } from './state';

/** Loads and weighs the members named by --models: registry versions only, each weight a measured accuracy. */
async function buildMembers(io: CliIo, state: CliState, refs: string[], dataPath: string | undefined): Promise<LoadedMember[]> {
  const data = dataPath === undefined ? undefined : await readData(io, dataPath);
  return refs.map((ref, i) => {
    const id = parseModelRef(ref);
    if (id === undefined) throw new CliError(`--models[${i}] ${ref}: ensemble members are registry models; import a file first with \`safla neural import --file ${ref}\``);
    const { info, file } = state.models.model_load({ modelId: id.modelId, version: id.version });
    const artifact = decodeClf(file);
    try {
      return { info: weighMember(artifact, info, data, { member: `--models[${i}]`, data: `--data ${dataPath ?? ''}`.trim(), dataLabel: dataPath ?? '' }), artifact };
    } catch (e) {
      if (e instanceof LabInputError) throw new CliError(e.message);
      throw e;
    }
  });
}

function loadSaved(state: CliState, name: string): { ensemble: Ensemble; members: LoadedMember[] } {
  const ensemble = createEnsembleStore(state.db).ensemble_get({ name });
  if (!ensemble) throw new CliError(`no ensemble ${JSON.stringify(name)} (create it with --models a,b,c --name ${name})`);
  const members = ensemble.members.map((m) => {
    if (!state.models.model_versions(m.modelId).some((v) => v.version === m.version)) {
      throw new CliError(`ensemble ${name}: its member ${m.modelId}@${m.version} was deleted; create the ensemble again`);
    }
    return { info: m, artifact: decodeClf(state.models.model_load({ modelId: m.modelId, version: m.version }).file) };
  });
  return { ensemble, members };
}

async function readInputs(io: CliIo, path: string): Promise<Record<string, unknown>[]> {
  const raw = await readJson(io, path);
  const inputs = Array.isArray(raw) ? raw : [raw];
  inputs.forEach((r, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new CliError(`${path}: input ${i} must be a JSON object (a record)`);
  });
  return inputs as Record<string, unknown>[];
}

export async function neuralEnsemble(io: CliIo, flags: Flags): Promise<void> {
  const json = flags.json === true;
  const name = typeof flags.name === 'string' ? flags.name : undefined;
  if (name !== undefined && !ENSEMBLE_NAME.test(name)) throw new CliError(`--name ${JSON.stringify(name)} may hold letters, digits and . _ + @ - (up to 256)`, 2);
  const inputs = typeof flags.input === 'string' ? await readInputs(io, flags.input) : undefined;
  if (typeof flags.models !== 'string') {
    if (name === undefined) {
      const all = await withExistingState(io, flags.state, (state) => (state ? createEnsembleStore(state.db).ensemble_list() : []));
      if (json) io.out(JSON.stringify(all, null, 2));
      else if (all.length === 0) io.out('No ensembles yet: create one with `safla neural ensemble --models a,b,c [--name n] [--data data.json]`.');
      else for (const e of all) io.out(`${e.name}: ${e.members.map((m) => `${m.modelId}@${m.version} (weight ${m.weight.toFixed(3)})`).join(', ')}`);
      return;
    }
  }
  const result = await withState(io, flags.state, async (state) => {
    let ensemble: Ensemble;
    let members: LoadedMember[];
    if (typeof flags.models === 'string') {
      const refs = flags.models.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (refs.length < 2) throw new CliError('--models needs at least two models, separated by commas', 2);
      members = await buildMembers(io, state, refs, typeof flags.data === 'string' ? flags.data : undefined);
      // The same checks a prediction makes (same task and labels), on an empty record, before anything is saved.
      ensemblePredictions(members, [{}]);
      ensemble = createEnsembleStore(state.db).ensemble_save({ name: name ?? refs.join('+'), members: members.map((m) => m.info), labels: members[0].artifact.schema.target.labels, created_at: Math.floor(io.wallClock()) });
    } else ({ ensemble, members } = loadSaved(state, name!));
    const predictions = inputs ? ensemblePredictions(members, inputs) : undefined;
    return { action: 'ensemble' as const, ...ensemble, ...(predictions ? { predictions } : {}) };
  });
  if (json) {
    io.out(JSON.stringify(result, null, 2));
    return;
  }
  io.out(`Ensemble ${result.name}: ${result.members.length} models predicting ${result.labels.join(', ')}`);
  for (const m of result.members) io.out(`  ${m.modelId}@${m.version}: weight ${m.weight.toFixed(3)} (${m.weight_source})`);
  for (const p of result.predictions ?? []) {
    io.out(`prediction: ${p.prediction} (confidence ${(p.confidence * 100).toFixed(1)}%); members: ${p.members.map((m) => `${m.model} → ${m.prediction}`).join(', ')}`);
  }
}
