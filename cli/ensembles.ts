// `safla neural ensemble`: named ensembles of registry model versions, weighted by measured accuracy only, kept in the state folder and used for predictions.
import type { Db } from '../core/db/db';
import { decodeClf, type ModelArtifact } from '../core/format/clf';
import { featurize } from '../core/models/featurizer';
import { ensemblePredict, type EnsembleMember } from '../core/models/lab';
import { accuracyOn, inferPlain, validationSet } from '../core/models/model-ops';
import { CliError, type CliIo } from './io';
import { parseModelRef } from './model-ref';
import type { Flags } from './neural';
import { readData, readJson } from './neural';
import { withExistingState, withState, type CliState } from './state';

// Ensembles live beside the registry in their own table (model_ensembles, migration 7).
const NAME = /^[A-Za-z0-9][A-Za-z0-9._+@-]{0,255}$/;

export interface EnsembleMemberInfo {
  modelId: string;
  version: string;
  /** The member's measured accuracy: its share of the vote. */
  weight: number;
  /** Where the weight was measured. */
  weight_source: string;
}

export interface Ensemble {
  name: string;
  members: EnsembleMemberInfo[];
  labels: string[];
  created_at: number;
}

export function listEnsembles(db: Db): Ensemble[] {
  return db.all<{ name: string; members: string; labels: string; created_at: number }>('SELECT name, members, labels, created_at FROM model_ensembles ORDER BY name')
    .map((r) => ({ name: r.name, members: JSON.parse(r.members) as EnsembleMemberInfo[], labels: JSON.parse(r.labels) as string[], created_at: Number(r.created_at) }));
}

interface LoadedMember {
  info: EnsembleMemberInfo;
  artifact: ModelArtifact;
}

function asMember(m: LoadedMember): EnsembleMember {
  const { artifact } = m;
  return {
    schema: artifact.schema,
    weight: m.info.weight,
    infer: (record) => inferPlain(artifact, featurize(artifact.schema, record), 1),
  };
}

/** Loads and weighs the members named by --models: registry versions only, each weight a measured accuracy. */
async function buildMembers(io: CliIo, state: CliState, refs: string[], dataPath: string | undefined): Promise<LoadedMember[]> {
  const data = dataPath === undefined ? undefined : await readData(io, dataPath);
  return refs.map((ref, i) => {
    const id = parseModelRef(ref);
    if (id === undefined) throw new CliError(`--models[${i}] ${ref}: ensemble members are registry models; import a file first with \`safla neural import --file ${ref}\``);
    const { info, file } = state.models.model_load({ modelId: id.modelId, version: id.version });
    const artifact = decodeClf(file);
    let weight: number | null;
    let source: string;
    if (data) {
      const measured = accuracyOn(artifact, validationSet(artifact, data));
      if (measured.n === 0) throw new CliError(`--data ${dataPath}: no record has the target '${artifact.schema.target.field}' that ${ref} predicts, so its accuracy cannot be measured`);
      weight = measured.accuracy;
      source = `measured on ${measured.n} validation records of ${dataPath}`;
    } else {
      // The registry's accuracy for this version, which the model store records only for figures it treats as measured.
      weight = info.accuracy;
      source = 'validation accuracy recorded in the registry';
      if (weight === null) throw new CliError(`--models[${i}] ${info.modelId}@${info.version} has no measured accuracy to weigh it by: give --data with records to measure it on`);
    }
    if (!(weight > 0)) throw new CliError(`--models[${i}] ${info.modelId}@${info.version} has accuracy ${weight} (${source}); an ensemble weighs members by accuracy, so it cannot join`);
    return { info: { modelId: info.modelId, version: info.version, weight, weight_source: source }, artifact };
  });
}

function loadSaved(state: CliState, name: string): { ensemble: Ensemble; members: LoadedMember[] } {
  const ensemble = listEnsembles(state.db).find((e) => e.name === name);
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
  if (name !== undefined && !NAME.test(name)) throw new CliError(`--name ${JSON.stringify(name)} may hold letters, digits and . _ + @ - (up to 256)`, 2);
  const inputs = typeof flags.input === 'string' ? await readInputs(io, flags.input) : undefined;
  if (typeof flags.models !== 'string') {
    if (name === undefined) {
      const all = await withExistingState(io, flags.state, (state) => (state ? listEnsembles(state.db) : []));
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
      ensemblePredict(members.map(asMember), {});
      ensemble = { name: name ?? refs.join('+'), members: members.map((m) => m.info), labels: members[0].artifact.schema.target.labels, created_at: Math.floor(io.wallClock()) };
      state.db.transaction(() => {
        state.db.run('INSERT INTO model_ensembles (name, members, labels, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET members = excluded.members, labels = excluded.labels, created_at = excluded.created_at',
          [ensemble.name, JSON.stringify(ensemble.members), JSON.stringify(ensemble.labels), ensemble.created_at]);
      });
    } else ({ ensemble, members } = loadSaved(state, name!));
    const asMembers = members.map(asMember);
    const predictions = inputs?.map((record) => {
      const combined = ensemblePredict(asMembers, record);
      const each = members.map((m, i) => ({ model: `${m.info.modelId}@${m.info.version}`, ...ensemblePredict([asMembers[i]], record) }));
      return { ...combined, members: each.map((e) => ({ model: e.model, prediction: e.prediction, confidence: e.confidence })) };
    });
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
