// `neural train --validate`: the trained model's confusion matrix on the validation records it was measured on (classification), or its error on them (regression).
import type { ModelArtifact } from '../core/format/clf';
import type { TableData } from '../core/data/table';
import { encodeRows } from '../core/models/featurize-columns';
import { encodeRecords } from '../core/models/featurizer';
import { inferPlain, validationSet } from '../core/models/model-ops';
import type { TrainData } from '../core/training/train';
import { accuracyOf, confusionMatrix, predictedClasses } from '../core/training/metrics';

export type ValidationReport =
  | { task: 'classification'; records: number; labels: string[]; accuracy: number; matrix: number[][] }
  | { task: 'regression'; records: number; mean_absolute_error: number; root_mean_squared_error: number };

export function validationReport(model: ModelArtifact, data: TrainData | TableData): ValidationReport {
  const { target } = model.schema;
  const v = validationSet(model, data);
  const enc = Array.isArray(v) ? encodeRecords(model.schema, v, 'validation') : encodeRows(model.schema, v.table, v.rows);
  const out = inferPlain(model, enc.x, enc.n);
  if (target.task === 'regression') {
    // Outputs and targets are standardised; errors are reported in the target's own units.
    let abs = 0;
    let sq = 0;
    for (let i = 0; i < enc.n; i++) {
      const d = (out[i] - enc.y[i]) * target.std;
      abs += Math.abs(d);
      sq += d * d;
    }
    return { task: 'regression', records: enc.n, mean_absolute_error: abs / Math.max(enc.n, 1), root_mean_squared_error: Math.sqrt(sq / Math.max(enc.n, 1)) };
  }
  const k = model.spec.layers[model.spec.layers.length - 1].size;
  const pred = predictedClasses(out, enc.n, k);
  return { task: 'classification', records: enc.n, labels: target.labels, accuracy: accuracyOf(pred, enc.y), matrix: confusionMatrix(pred, enc.y, target.labels.length) };
}

/** The report as lines: a matrix with true classes down and predicted ones across. */
export function validationLines(r: ValidationReport): string[] {
  if (r.records === 0) return ['   Validation: no validation records to measure on'];
  if (r.task === 'regression') return [`   Validation error on ${r.records} records: mean absolute ${r.mean_absolute_error.toPrecision(4)}, root mean squared ${r.root_mean_squared_error.toPrecision(4)}`];
  const cells = [['true \\ predicted', ...r.labels], ...r.matrix.map((row, i) => [r.labels[i], ...row.map(String)])];
  const widths = cells[0].map((_, c) => cells.reduce((w, row) => Math.max(w, row[c].length), 0));
  return [`   Validation confusion matrix (${r.records} records):`, ...cells.map((row) => `     ${row.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ')}`)];
}
