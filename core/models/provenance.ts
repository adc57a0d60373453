// Where a saved version's accuracy came from: measured on this device, or only reported by an imported file. Kept in the version's stored metrics JSON.
import type { ModelArtifact } from '../format/clf';
import { metricOf, type ScoreMetric } from './lab';

export interface AccuracyProvenance {
  /** 'measured': computed on this device from data; 'reported_by_file': a figure inside an imported file, not checked here. */
  source: 'measured' | 'reported_by_file';
  /** How the file arrived: trained or quantized by this app (its own figures were computed here), or imported (its figures are claims). */
  origin: SaveOrigin;
  /** Which score it is: 'accuracy' or 'r2'. */
  metric: ScoreMetric;
  /** What the measured figure was computed on ("45 validation records at training", "120 records of iris.json"); null for a claim. */
  measured_on: string | null;
  /** Records it was measured on; null for a claim. */
  records: number | null;
  /** The figure the file itself reports (its claim), whether or not it was measured here since; null when it reports none. */
  reported: number | null;
}

/** The key of AccuracyProvenance in a version's stored metrics. */
export const PROVENANCE_KEY = 'accuracy_provenance';

/** How a file reached model_save: trained or quantized by this app just now (its figures were computed here), or imported (its figures are claims). */
export type SaveOrigin = 'trained' | 'quantized' | 'imported';

/** The file's own figure for these very weights: an int8 copy's measured accuracy_after, else val_accuracy; null when it has none. */
export function reportedAccuracy(a: ModelArtifact): number | null {
  if (a.weights.kind === 'int8') {
    const q = a.metrics.quantized as { accuracy_after?: unknown } | undefined;
    return typeof q?.accuracy_after === 'number' && Number.isFinite(q.accuracy_after) ? q.accuracy_after : null;
  }
  const v = a.metrics.val_accuracy;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Provenance of a file being saved, and the accuracy the registry may record for it (null unless measured here). */
export function provenanceOnSave(a: ModelArtifact, origin: SaveOrigin): { accuracy: number | null; provenance: AccuracyProvenance } {
  const reported = reportedAccuracy(a);
  const metric = metricOf(a.schema.target.task);
  if (origin === 'imported' || reported === null) return { accuracy: null, provenance: { source: 'reported_by_file', origin, metric, measured_on: null, records: null, reported } };
  const counts = a.metrics.counts as { validation?: unknown } | undefined;
  const q = a.metrics.quantized as { validation_records?: unknown } | undefined;
  const records = origin === 'quantized' ? num(q?.validation_records) : num(counts?.validation);
  const measured_on = origin === 'quantized' ? `${records ?? '?'} validation records of the data given when quantizing` : `${records ?? '?'} validation records at training`;
  return { accuracy: reported, provenance: { source: 'measured', origin, metric, measured_on, records, reported } };
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Provenance read back from stored JSON text; null for versions saved before it was recorded, or anything malformed. */
export function parseProvenance(json: unknown): AccuracyProvenance | null {
  if (typeof json !== 'string') return null;
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if ((o.source !== 'measured' && o.source !== 'reported_by_file') || (o.metric !== 'accuracy' && o.metric !== 'r2')) return null;
  const origin = o.origin === 'trained' || o.origin === 'quantized' ? o.origin : 'imported';
  return { source: o.source, origin, metric: o.metric, measured_on: typeof o.measured_on === 'string' ? o.measured_on : null, records: num(o.records), reported: num(o.reported) };
}
