// neural_patterns' contract: the methods the engine worker and the CLI serve, with plain (structured-cloneable) inputs and results.
import type { Evaluation } from './classifier';
import type { Attribute, CognitivePattern } from './operation';

// What the rest of the app builds on (the catalog, the learning loop, the Patterns page): one import.
export { PATTERNS, PatternInputError, isPattern, parseOperation, parseOutcome, parseMetadata, operationText, type Attribute, type CognitivePattern, type Operation, type Outcome } from './operation';
export { createPatterns, groupingAttributes, PATTERN_NAMESPACE, RETRAIN_EVERY, type PatternsOptions } from './patterns';
export { estimateDuration, estimateSuccess, formatDuration, MIN_EVIDENCE, MIN_SIMILARITY, NEIGHBOURS, recommend, type DurationEstimate, type Neighbour, type SuccessEstimate } from './outcomes';
export { heldOutIds, shippedDataset, splitDataset, HELD_OUT_FRACTION, type LabelledExample, type PatternDataset } from './dataset';
export { keywordPattern, majorityPattern } from './baselines';
export { CORRECTION_WEIGHT } from './classifier-store';

export type PatternAction = 'analyze' | 'learn' | 'predict';

/** The reference's tool input. operation/outcome: JSON text or objects (plain text is taken as the description / status); metadata: an object or its JSON. */
export interface NeuralPatternsInput {
  action: PatternAction;
  operation: unknown;
  outcome?: unknown;
  /** Any context; metadata.pattern (one of the six) labels the operation for learn. */
  metadata?: unknown;
}

/** A recorded operation found in the vector tier. */
export interface SimilarPattern {
  /** pattern_memory id. */
  id: number;
  description: string;
  /** The pattern recorded for it (the classifier's, or one a person gave). */
  pattern: CognitivePattern;
  /** Cosine similarity of the two operations' texts in the vector tier (word vectors, else hashing). */
  score: number;
  success: boolean | null;
  duration_ms: number | null;
  recorded_at: number;
  /** What recommendations group by: its fields and its metadata's (strategy, parallel_tests, environment, …), agent=<name>, complexity. */
  attributes: Record<string, Attribute>;
}

export interface Evidence {
  /** Similar recorded operations (cosine ≥ min_similarity) among the neighbours looked at. */
  similar: number;
  /** Of those, how many have a recorded success or failure. */
  with_outcome: number;
  /** How many with an outcome are needed before estimates and recommendations are given. */
  needed: number;
  min_similarity: number;
}

/** Which classifier version answered: its fingerprint and measured held-out accuracy. */
export interface ClassifierRef {
  version: string;
  held_out_accuracy: number;
  trained_on: number;
}

export interface AnalyzeResult {
  action: 'analyze' | 'learn';
  /** The most probable pattern (for learn: metadata.pattern when given). */
  pattern: CognitivePattern;
  /** The classifier's probability of `pattern`, in [0, 1]. */
  confidence: number;
  /** Every pattern's probability, in PATTERNS order; they sum to 1. */
  probabilities: Record<CognitivePattern, number>;
  /** Whether this call stored the operation (learn). */
  learned: boolean;
  /** learn: the pattern_memory id of the stored operation; null otherwise. */
  id: number | null;
  /** learn: where the stored pattern came from. */
  label_source: 'classifier' | 'given' | null;
  similarPatterns: SimilarPattern[];
  recommendations: string[];
  evidence: Evidence;
  classifier: ClassifierRef;
  /** The embedder kind the similarity scores come from. */
  embedder: string;
}

export interface PredictResult extends Omit<AnalyzeResult, 'action' | 'learned' | 'id' | 'label_source'> {
  action: 'predict';
  learned: false;
  /** Similarity-weighted posterior mean of success among similar recorded outcomes; null with too little evidence. */
  success_probability: number | null;
  /** Geometric mean of similar operations' durations (ms); null with too little evidence. */
  expected_duration_ms: number | null;
  /** exp(mean ± one standard deviation) of the log durations (ms). */
  duration_range_ms: [number, number] | null;
  /** Similar recorded outcomes behind success_probability (duration_evidence for the duration). */
  evidence_count: number;
  duration_evidence: number;
  /** True when both estimates were given. */
  enough_evidence: boolean;
  /** In words: what was estimated from what, or why nothing was. */
  reasoning: string;
}

export type NeuralPatternsResult = AnalyzeResult | PredictResult;

export interface CorrectInput {
  /** The operation whose label is corrected (as analyze took it). */
  operation: unknown;
  pattern: CognitivePattern;
  /** pattern_memory id of a learned operation: its stored pattern is corrected too. */
  id?: number;
}

export interface CorrectResult {
  action: 'correct';
  /** pattern_labels id. */
  id: number;
  pattern: CognitivePattern;
  /** What the classifier said before the correction. */
  previous: CognitivePattern;
  /** Corrections stored in all; each is in the next training (the classifier retrains on its next use). */
  corrections: number;
  /** Whether a learned operation's stored pattern changed (id was given). */
  updated_record: boolean;
}

export interface LabelRecord {
  id: number;
  description: string;
  pattern: CognitivePattern;
  predicted: CognitivePattern | null;
  source: 'correction' | 'learn';
  pattern_memory_id: number | null;
  created_at: number;
}

export interface RecordedOperation {
  id: number;
  description: string;
  pattern: CognitivePattern;
  confidence: number | null;
  label_source: 'classifier' | 'given' | 'corrected';
  success: boolean | null;
  duration_ms: number | null;
  operation: unknown;
  outcome: unknown;
  metadata: unknown;
  created_at: number;
}

export interface BaselineFigures {
  accuracy: number;
  confusion: number[][];
}

/** What the classifier that answers was trained on and how it measured on the held-out split. */
export interface ClassifierFigures {
  version: string;
  trained_at: number;
  /** Wall time of the training that produced this version (ms, measured). */
  training_ms: number;
  /** The kernel build it trained on. */
  kernel: string;
  features: { name: string; width: number; embedder: string | null };
  parameters: number;
  settings: Record<string, number>;
  dataset: { examples: number; per_pattern: Record<CognitivePattern, number>; checksum: string; held_out_fraction: number };
  /** Rows trained on: the training split plus labels people gave (corrections, metadata.pattern). */
  trained_on: { examples: number; corrections: number; learn_labels: number };
  /** The served classifier on the held-out split (never trained on, except rows a person corrected, which are left out of it and counted). */
  held_out: Evaluation & { corrected_left_out: number; meanConfidence: number };
  baselines: { majority: BaselineFigures & { pattern: CognitivePattern }; keywords: BaselineFigures };
  /** Learn labels waiting for the next batch retrain (every RETRAIN_EVERY labels). */
  pending_learn_labels: number;
}

/** What core's createPatterns(...) returns and the engine worker serves. Inputs are validated: bad input throws PatternInputError naming the field. */
export interface PatternsApi {
  neural_patterns(input: NeuralPatternsInput): NeuralPatternsResult;
  patterns_correct(input: CorrectInput): CorrectResult;
  /** The answering classifier's measured figures (training it first when its inputs changed). */
  patterns_classifier(): ClassifierFigures;
  patterns_labels(input?: { limit?: number }): LabelRecord[];
  patterns_recorded(input?: { limit?: number }): RecordedOperation[];
}

/** Method names of PatternsApi, at runtime: the engine forwards exactly these to the tab that owns the database. */
export const PATTERN_METHODS = ['neural_patterns', 'patterns_correct', 'patterns_classifier', 'patterns_labels', 'patterns_recorded'] as const satisfies readonly (keyof PatternsApi)[];
