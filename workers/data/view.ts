// What the Lab's dataset card shows of a prepared dataset: the fitted schema, the column report, the split's counts, unseen values and how the task was decided.
import type { FeatureSchema, FitReport, Unseen } from '../../core/models/featurizer';
import type { Prepared, TargetInference } from '../../core/training/prepare';

export interface DatasetView {
  /** The featurizer as training will fit it: on the training rows only. */
  schema: FeatureSchema;
  /** Each column's kind, whether the config or the page chose it, and the non-numbers found in numeric columns. */
  report: FitReport;
  /** Rows training will use and hold out, as train() splits them. */
  counts: { train: number; validation: number; skipped: number; source: 'validationData' | 'split' };
  /** What the validation rows hold that the training rows do not (counted by training too). */
  unseen: Unseen;
  /** Classification or regression, and why (a 0/1 label with a softmax output is two classes). */
  inference: TargetInference;
}

export function viewOf(p: Prepared): DatasetView {
  return {
    schema: p.schema, report: p.report, unseen: p.unseen, inference: p.inference,
    counts: { train: p.counts.train, validation: p.counts.validation, skipped: p.counts.skippedTrain + p.counts.skippedValidation, source: p.source },
  };
}
