// Named ensembles of registry versions (the model_ensembles table, migration 7): each member weighed by an accuracy measured on this device only, kept by name, predicting with its pinned versions. Shared by `safla neural ensemble` and the ensemble_create tool.
import type { Db } from '../db/db';
import type { ModelArtifact } from '../format/clf';
import type { TableData } from '../data/table';
import type { TrainData } from '../training/train';
import { featurize, flatten, isMissing, labelOf } from './featurizer';
import { ensemblePredict, LabInputError, type EnsembleMember, type EnsemblePrediction } from './lab';
import { accuracyOn, inferPlain, validationRecords, validationSet } from './model-ops';
import type { VersionInfo } from './registry';

export const ENSEMBLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+@-]{0,255}$/;

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

/** The ensembles' contract as an engine serves it (beside ModelsApi), so the CLI, the MCP server and the page share one table. */
export interface EnsemblesApi {
  /** Saves (or replaces) an ensemble by name; every member must be a saved version. */
  ensemble_save(ensemble: Ensemble): Ensemble;
  /** By name. */
  ensemble_list(): Ensemble[];
  ensemble_get(input: { name: string }): Ensemble | null;
}

export const ENSEMBLE_METHODS = ['ensemble_save', 'ensemble_list', 'ensemble_get'] as const satisfies readonly (keyof EnsemblesApi)[];

interface Row { name: string; members: string; labels: string; created_at: number }
const toEnsemble = (r: Row): Ensemble => ({ name: r.name, members: JSON.parse(r.members) as EnsembleMemberInfo[], labels: JSON.parse(r.labels) as string[], created_at: Number(r.created_at) });

export function listEnsembles(db: Db): Ensemble[] {
  return db.all<Row>('SELECT name, members, labels, created_at FROM model_ensembles ORDER BY name').map(toEnsemble);
}

/** An ensemble from an untrusted caller (a console script, a forwarded engine call), checked field by field. */
function checked(e: unknown): Ensemble {
  if (typeof e !== 'object' || e === null) throw new LabInputError('ensemble', 'must be {name, members, labels, created_at}');
  const o = e as Record<string, unknown>;
  if (typeof o.name !== 'string' || !ENSEMBLE_NAME.test(o.name)) throw new LabInputError('name', `${JSON.stringify(o.name)} may hold letters, digits and . _ + @ - (up to 256), starting with a letter or digit`);
  if (!Array.isArray(o.members) || o.members.length < 2) throw new LabInputError('members', 'must list at least two models');
  o.members.forEach((m: unknown, i) => {
    const r = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
    if (typeof r.modelId !== 'string' || typeof r.version !== 'string') throw new LabInputError(`members[${i}]`, 'must name a modelId and a version');
    if (typeof r.weight !== 'number' || !(r.weight > 0) || !Number.isFinite(r.weight)) throw new LabInputError(`members[${i}].weight`, `must be a measured accuracy above 0 (got ${String(r.weight)})`);
    if (typeof r.weight_source !== 'string' || r.weight_source === '') throw new LabInputError(`members[${i}].weight_source`, 'must say where the weight was measured');
  });
  if (!Array.isArray(o.labels) || !o.labels.every((l) => typeof l === 'string')) throw new LabInputError('labels', 'must be the class names the members predict');
  if (typeof o.created_at !== 'number' || !Number.isFinite(o.created_at)) throw new LabInputError('created_at', 'must be a time in ms since the epoch');
  const members = (o.members as Record<string, unknown>[]).map((m) => ({ modelId: m.modelId as string, version: m.version as string, weight: m.weight as number, weight_source: m.weight_source as string }));
  return { name: o.name, members, labels: [...(o.labels as string[])], created_at: Math.floor(o.created_at) };
}

export function createEnsembleStore(db: Db): EnsemblesApi {
  return {
    ensemble_save(input) {
      const e = checked(input);
      return db.transaction(() => {
        e.members.forEach((m, i) => {
          if (!db.get('SELECT 1 AS ok FROM model_versions WHERE model_id = ? AND version = ?', [m.modelId, m.version])) {
            throw new LabInputError(`members[${i}]`, `${m.modelId}@${m.version} is not a saved version`);
          }
        });
        db.run('INSERT INTO model_ensembles (name, members, labels, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET members = excluded.members, labels = excluded.labels, created_at = excluded.created_at',
          [e.name, JSON.stringify(e.members), JSON.stringify(e.labels), e.created_at]);
        return e;
      });
    },
    ensemble_list: () => listEnsembles(db),
    ensemble_get({ name }) {
      const r = db.get<Row>('SELECT name, members, labels, created_at FROM model_ensembles WHERE name = ?', [name]);
      return r ? toEnsemble(r) : null;
    },
  };
}

export interface LoadedMember {
  info: EnsembleMemberInfo;
  artifact: ModelArtifact;
}

/** How the caller names things in errors: the member (`models[0]`, `--models[0]`) and the data (`training_data`, `--data iris.json`). */
export interface WeighNames {
  member: string;
  data: string;
  /** What the data is called in weight_source ("iris.json", "the given training_data"). */
  dataLabel: string;
}

/**
 * A member's weight, always an accuracy measured here: on the data's validation records for this model (the same
 * seeded split training made, or the data's validationData) when data is given, else the accuracy the registry
 * recorded, which it records only when measured on this device (never a figure an imported file claims).
 */
export function weighMember(artifact: ModelArtifact, info: VersionInfo, data: TrainData | TableData | undefined, names: WeighNames): EnsembleMemberInfo {
  let weight: number | null;
  let source: string;
  if (data) {
    let measured;
    try {
      measured = accuracyOn(artifact, validationSet(artifact, data));
    } catch (e) {
      throw new LabInputError(names.data, `cannot measure ${info.modelId}@${info.version} on it: ${(e as Error).message.replace(/^data: /, '')}`);
    }
    weight = measured.accuracy;
    source = `measured on ${measured.n} validation records of ${names.dataLabel}`;
  } else {
    weight = info.accuracy;
    source = 'validation accuracy recorded in the registry';
    if (weight === null) throw new LabInputError(names.member, `${info.modelId}@${info.version} has no measured accuracy to weigh it by: give ${names.data} with records to measure it on`);
  }
  if (!(weight > 0)) throw new LabInputError(names.member, `${info.modelId}@${info.version} has accuracy ${weight} (${source}); an ensemble weighs members by accuracy, so it cannot join`);
  return { modelId: info.modelId, version: info.version, weight, weight_source: source };
}

/** A member as lab.ensemblePredict takes it: plain-TS inference of its own artifact, weighed by its measured accuracy. */
export function asEnsembleMember(m: LoadedMember): EnsembleMember {
  const { artifact } = m;
  return { schema: artifact.schema, weight: m.info.weight, infer: (record) => inferPlain(artifact, featurize(artifact.schema, record), 1) };
}

export type EnsembleRecordPrediction = EnsemblePrediction & { members: { model: string; prediction: string; confidence: number }[] };

/** The ensemble's prediction for each record, with each member's own. Throws LabInputError when the members cannot form an ensemble (other labels, regression). */
export function ensemblePredictions(members: readonly LoadedMember[], inputs: readonly Record<string, unknown>[]): EnsembleRecordPrediction[] {
  const asMembers = members.map(asEnsembleMember);
  return inputs.map((record) => {
    const combined = ensemblePredict(asMembers, record);
    const each = members.map((m, i) => ({ model: `${m.info.modelId}@${m.info.version}`, ...ensemblePredict([asMembers[i]], record) }));
    return { ...combined, members: each.map((e) => ({ model: e.model, prediction: e.prediction, confidence: e.confidence })) };
  });
}

/**
 * The records on which the whole ensemble can be scored without any member having trained on them: the data's
 * validationData when it has some, else the records that every member's own seeded split held out.
 */
export function sharedValidation(members: readonly LoadedMember[], data: TrainData): unknown[] {
  if (data.validationData && data.validationData.length > 0) return data.validationData;
  let shared: Set<unknown> | undefined;
  for (const m of members) {
    const mine = new Set(validationRecords(m.artifact, data));
    shared = shared === undefined ? mine : new Set([...shared].filter((r) => mine.has(r)));
  }
  return data.trainingData.filter((r) => shared?.has(r));
}

/** The ensemble's accuracy on records with a usable target (the fraction whose combined prediction is their class); null when none has one. */
export function ensembleAccuracy(members: readonly LoadedMember[], records: readonly unknown[]): { accuracy: number; n: number } | null {
  const asMembers = members.map(asEnsembleMember);
  const field = members[0].artifact.schema.target.field;
  let right = 0;
  let n = 0;
  for (const r of records) {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) continue;
    // flatten: a target nested one level (`outcome.status`) is named as the featurizer names it; its result has no prototype.
    const own = flatten(r as Record<string, unknown>)[field];
    if (isMissing(own)) continue;
    n++;
    if (ensemblePredict(asMembers, r as Record<string, unknown>).prediction === labelOf(own)) right++;
  }
  return n === 0 ? null : { accuracy: right / n, n };
}
