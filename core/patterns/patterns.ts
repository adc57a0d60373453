// createPatterns: neural_patterns (analyze, learn, predict), label corrections and the classifier's figures over one database, its memory tiers and a kernel.
import type { Db } from '../db/db';
import type { MemoryApi, SemanticHit } from '../memory/api';
import type { Embedder } from '../memory/embedder';
import { hash32 } from '../memory/hashing-embedder';
import type { KernelPort } from '../nn/port';
import type {
  AnalyzeResult, ClassifierFigures, CorrectInput, CorrectResult, Evidence, LabelRecord, NeuralPatternsInput,
  NeuralPatternsResult, PatternsApi, PredictResult, RecordedOperation, SimilarPattern,
} from './api';
import { argmax, CLASSIFIER_DEFAULTS, type Classifier, type ClassifierConfig } from './classifier';
import { CLASSIFIER_FORMAT, loadClassifier, saveClassifier, trainPatternClassifier, type LabelRow } from './classifier-store';
import { shippedDataset, type PatternDataset } from './dataset';
import { createPatternFeaturizer, type FeatureConfig } from './features';
import {
  attributesOf, isPattern, operationText, parseMetadata, parseOperation, parseOutcome, PatternInputError, PATTERNS,
  type Attribute, type CognitivePattern, type Operation,
} from './operation';
import { estimateDuration, estimateSuccess, formatDuration, MIN_EVIDENCE, MIN_SIMILARITY, NEIGHBOURS, recommend, type Neighbour } from './outcomes';

/** The memory namespace learned operations are stored in (the vector tier embeds them from there). */
export const PATTERN_NAMESPACE = 'patterns';
/** Labels given with learn (metadata.pattern) are trained on in batches of this many; corrections retrain at the next use. */
export const RETRAIN_EVERY = 10;
const LIST_DEFAULT = 50;
const LIST_MAX = 1000;

export interface PatternsOptions {
  /** A database migrated to the latest schema (core/db/migrations.ts). */
  db: Db;
  /** The memory over the same database: learn stores into its entries (vector tier) and episodic tier, analyze searches it. */
  memory: MemoryApi;
  /** The kernel the classifier trains on. */
  port: KernelPort;
  /** The meaning embedder the classifier's features use (the word vectors); null trains without it, and the figures say so. */
  embedder: Embedder | null;
  /** Milliseconds since the epoch; default Date.now. */
  clock?: () => number;
  /** A monotonic millisecond clock for the training time (performance.now); default the clock. */
  now?: () => number;
  /** The labelled data; default the shipped data/patterns.json. */
  dataset?: PatternDataset;
  classifier?: Partial<ClassifierConfig>;
  features?: Partial<FeatureConfig>;
}

interface MemoryRow {
  id: number;
  pattern_type: string;
  pattern_data: string;
  confidence: number | null;
  description: string | null;
  success: number | null;
  duration_ms: number | null;
  label_source: 'classifier' | 'given' | 'corrected';
  created_at: number;
}

interface Parsed {
  operation: Operation;
  text: string;
}

/** What recommendations may group recorded operations by: their fields, their metadata's, each agent, the complexity as given. */
export function groupingAttributes(op: Operation, metadata: Record<string, unknown> | null): Record<string, Attribute> {
  const out: Record<string, Attribute> = { ...attributesOf(op.raw) };
  if (typeof op.raw.complexity === 'string' || typeof op.raw.complexity === 'number') out.complexity = op.raw.complexity;
  for (const a of op.agents) out[`agent=${a}`] = true;
  if (metadata) for (const [k, v] of Object.entries(attributesOf(metadata, new Set(['pattern'])))) if (!Object.hasOwn(out, k)) out[k] = v;
  return out;
}

const limitOf = (input: { limit?: number } | undefined): number => {
  const l = input?.limit ?? LIST_DEFAULT;
  if (!Number.isInteger(l) || l < 1 || l > LIST_MAX) throw new PatternInputError('limit', `must be a whole number from 1 to ${LIST_MAX}, got ${JSON.stringify(l)}`);
  return l;
};

const round = (x: number, digits = 6) => Number(x.toFixed(digits));

function parse(input: NeuralPatternsInput): { action: NeuralPatternsInput['action']; parsed: Parsed } {
  if (typeof input !== 'object' || input === null) throw new PatternInputError('input', 'must be {action, operation, outcome?, metadata?}');
  const action = input.action;
  if (action !== 'analyze' && action !== 'learn' && action !== 'predict') throw new PatternInputError('action', `must be analyze, learn or predict, got ${JSON.stringify(action)}`);
  const operation = parseOperation(input.operation);
  return { action, parsed: { operation, text: operationText(operation) } };
}

function evidenceOf(ns: Neighbour[]): Evidence {
  const sim = ns.filter((n) => n.score >= MIN_SIMILARITY);
  return { similar: sim.length, with_outcome: sim.filter((n) => n.success !== null).length, needed: MIN_EVIDENCE, min_similarity: MIN_SIMILARITY };
}

export function createPatterns(opts: PatternsOptions): PatternsApi {
  const { db, memory, port } = opts;
  const clock = opts.clock ?? Date.now;
  const now = opts.now ?? clock;
  const dataset = opts.dataset ?? shippedDataset();
  const config: ClassifierConfig = { ...CLASSIFIER_DEFAULTS, ...opts.classifier };
  const featurizer = createPatternFeaturizer(opts.embedder, opts.features);
  let current: { fingerprint: string; classifier: Classifier; figures: ClassifierFigures } | undefined;

  const labelRows = (): { corrections: LabelRow[]; learn: LabelRow[]; pending: number } => {
    const rows = db.all<LabelRow>('SELECT id, operation, pattern, source FROM pattern_labels ORDER BY id');
    const corrections = rows.filter((r) => r.source === 'correction');
    const all = rows.filter((r) => r.source === 'learn');
    const used = Math.floor(all.length / RETRAIN_EVERY) * RETRAIN_EVERY;
    return { corrections, learn: all.slice(0, used), pending: all.length - used };
  };

  /** The classifier for the current data and labels: in memory, else stored, else trained now (and stored). */
  const classifier = (): { fingerprint: string; classifier: Classifier; figures: ClassifierFigures } => {
    const labels = labelRows();
    const key = JSON.stringify([CLASSIFIER_FORMAT, dataset.checksum, featurizer.name, config, labels.corrections.map((r) => r.id), labels.learn.map((r) => r.id)]);
    const fingerprint = `pc-${hash32(key, 1).toString(16).padStart(8, '0')}${hash32(key, 2).toString(16).padStart(8, '0')}`;
    if (current?.fingerprint === fingerprint) return { ...current, figures: { ...current.figures, pending_learn_labels: labels.pending } };
    const stored = loadClassifier(db, fingerprint, featurizer);
    if (stored) {
      current = { fingerprint, ...stored };
    } else {
      const trained = trainPatternClassifier({ port, featurizer, dataset, config, corrections: labels.corrections, learnLabels: labels.learn, now, fingerprint, trainedAt: clock() });
      saveClassifier(db, fingerprint, trained.classifier, trained.figures, clock());
      current = { fingerprint, ...trained };
    }
    return { ...current, figures: { ...current.figures, pending_learn_labels: labels.pending } };
  };


  /** Recorded operations similar to a text, from the vector tier, with their outcomes from pattern_memory. */
  const neighbours = (text: string): { similar: SimilarPattern[]; neighbours: Neighbour[]; embedder: string } => {
    const search = memory.memory_semantic_search({ query: text, namespace: PATTERN_NAMESPACE, k: NEIGHBOURS });
    const ids = search.results.map((h: SemanticHit) => (/^op-(\d+)$/.exec(h.key) ? Number(h.key.slice(3)) : Number.NaN)).filter(Number.isFinite);
    const rows = ids.length === 0 ? [] : db.all<MemoryRow>(`SELECT id, pattern_type, pattern_data, confidence, description, success, duration_ms, label_source, created_at FROM pattern_memory WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const similar: SimilarPattern[] = [];
    const ns: Neighbour[] = [];
    for (const h of search.results) {
      const row = byId.get(Number(h.key.slice(3)));
      if (!row || !isPattern(row.pattern_type)) continue;
      const data = JSON.parse(row.pattern_data) as { operation: Record<string, unknown>; metadata: Record<string, unknown> | null };
      let op: Operation | null = null;
      try {
        op = parseOperation(data.operation);
      } catch {
        op = null;
      }
      const attributes = op ? groupingAttributes(op, data.metadata) : {};
      similar.push({ id: row.id, description: row.description ?? h.value, pattern: row.pattern_type, score: round(h.score), success: row.success === null ? null : row.success === 1, duration_ms: row.duration_ms, recorded_at: row.created_at, attributes });
      ns.push({ score: h.score, success: row.success === null ? null : row.success === 1, durationMs: row.duration_ms, type: op?.type ?? null, attributes });
    }
    return { similar, neighbours: ns, embedder: search.embedder_kind };
  };


  /** stale: the classifier in memory may answer even when labels came in since (a correction says what the serving one said, without retraining per call). */
  const classify = (op: Operation, stale = false) => {
    const c = stale && current ? current : classifier();
    const p = c.classifier.probabilities(op);
    const probabilities = Object.fromEntries(PATTERNS.map((name, i) => [name, round(p[i])])) as Record<CognitivePattern, number>;
    const best = argmax(p);
    return { c, probabilities, pattern: PATTERNS[best], confidence: round(p[best]) };
  };

  function analyze(parsed: Parsed, metadata: Record<string, unknown> | null, found = neighbours(parsed.text)): AnalyzeResult {
    const k = classify(parsed.operation);
    return {
      action: 'analyze', pattern: k.pattern, confidence: k.confidence, probabilities: k.probabilities, learned: false, id: null, label_source: null,
      similarPatterns: found.similar, recommendations: recommend(found.neighbours, groupingAttributes(parsed.operation, metadata)),
      evidence: evidenceOf(found.neighbours),
      classifier: { version: k.c.fingerprint, held_out_accuracy: k.c.figures.held_out.accuracy, trained_on: k.c.figures.trained_on.examples },
      embedder: found.embedder,
    };
  }

  function learn(parsed: Parsed, outcomeIn: unknown, metadata: Record<string, unknown> | null): AnalyzeResult {
    const outcome = parseOutcome(outcomeIn, parsed.operation);
    // Classified and compared before it is stored, so it is not its own nearest neighbour.
    const result = analyze(parsed, metadata);
    const given = metadata && isPattern(metadata.pattern) ? metadata.pattern : null;
    const pattern = given ?? result.pattern;
    const t = clock();
    const id = db.transaction(() => {
      const data = JSON.stringify({ operation: parsed.operation.raw, outcome: outcome.raw, metadata });
      const rowId = db.run(
        `INSERT INTO pattern_memory (pattern_type, pattern_data, confidence, usage_count, created_at, description, success, duration_ms, label_source, classifier)
         VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?)`,
        [pattern, data, given ? null : result.confidence, t, parsed.text, outcome.success === null ? null : outcome.success ? 1 : 0, outcome.durationMs, given ? 'given' : 'classifier', result.classifier.version],
      ).lastInsertRowid;
      const key = `op-${rowId}`;
      memory.memory_usage({
        action: 'store', namespace: PATTERN_NAMESPACE, key, value: parsed.text,
        metadata: { pattern_memory_id: rowId, pattern, success: outcome.success, duration_ms: outcome.durationMs, type: parsed.operation.type },
      });
      const episode = memory.episode_record({
        action: 'neural_patterns.learn', content: parsed.text,
        context: { pattern_memory_id: rowId, pattern, operation: parsed.operation.raw, metadata },
        outcome: outcome.raw ?? { success: outcome.success, duration_ms: outcome.durationMs },
        timestamp: t,
      });
      db.run('UPDATE pattern_memory SET episode_id = ?, memory_key = ? WHERE id = ?', [episode.id, key, rowId]);
      if (given) {
        db.run('INSERT INTO pattern_labels (description, operation, pattern, predicted, source, pattern_memory_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [parsed.text, JSON.stringify(parsed.operation.raw), given, result.pattern, 'learn', rowId, t]);
      }
      return rowId;
    });
    return { ...result, action: 'learn', pattern, confidence: given ? result.probabilities[given] : result.confidence, learned: true, id, label_source: given ? 'given' : 'classifier' };
  }

  function predict(parsed: Parsed, metadata: Record<string, unknown> | null): PredictResult {
    const found = neighbours(parsed.text);
    const base = analyze(parsed, metadata, found);
    const s = estimateSuccess(found.neighbours);
    const d = estimateDuration(found.neighbours);
    const ev = base.evidence;
    const parts: string[] = [];
    if (s) parts.push(`${s.succeeded} of ${s.evidence} similar recorded operations (cosine ≥ ${MIN_SIMILARITY}) succeeded; weighting each by its similarity from an even prior gives ${(s.probability * 100).toFixed(0)}%`);
    else parts.push(`Not enough evidence for a success probability: ${ev.with_outcome} similar recorded outcome${ev.with_outcome === 1 ? '' : 's'} with cosine ≥ ${MIN_SIMILARITY} (at least ${MIN_EVIDENCE} needed), so none is given`);
    if (d) parts.push(`similar operations took about ${formatDuration(d.expected_ms)} (${d.evidence} recorded durations)`);
    else parts.push(`too few similar recorded durations (at least ${MIN_EVIDENCE} needed) for a duration estimate`);
    return {
      ...base, action: 'predict', learned: false,
      success_probability: s ? round(s.probability) : null,
      expected_duration_ms: d ? round(d.expected_ms, 1) : null,
      duration_range_ms: d ? [round(d.low_ms, 1), round(d.high_ms, 1)] : null,
      evidence_count: s?.evidence ?? ev.with_outcome,
      duration_evidence: d?.evidence ?? 0,
      enough_evidence: s !== null && d !== null,
      reasoning: `${parts.join('; ')}.`,
    };
  }

  return {
    neural_patterns(input: NeuralPatternsInput): NeuralPatternsResult {
      const { action, parsed } = parse(input);
      const metadata = parseMetadata(input.metadata);
      if (action === 'learn') return learn(parsed, input.outcome, metadata);
      if (input.outcome !== undefined && input.outcome !== null) parseOutcome(input.outcome, parsed.operation);
      return action === 'analyze' ? analyze(parsed, metadata) : predict(parsed, metadata);
    },

    patterns_correct(input: CorrectInput): CorrectResult {
      if (typeof input !== 'object' || input === null) throw new PatternInputError('input', 'must be {operation, pattern, id?}');
      const operation = parseOperation(input.operation);
      if (!isPattern(input.pattern)) throw new PatternInputError('pattern', `must be one of ${PATTERNS.join(', ')}, got ${JSON.stringify(input.pattern)}`);
      const pattern = input.pattern;
      if (input.id !== undefined && input.id !== null && (!Number.isInteger(input.id) || input.id < 1)) throw new PatternInputError('id', `must be the id of a learned operation, got ${JSON.stringify(input.id)}`);
      const previous = classify(operation, true).pattern;
      const text = operationText(operation);
      const t = clock();
      return db.transaction(() => {
        let updated = false;
        if (input.id !== undefined && input.id !== null) {
          const row = db.get<{ id: number }>('SELECT id FROM pattern_memory WHERE id = ?', [input.id]);
          if (!row) throw new PatternInputError('id', `names no learned operation (${input.id})`);
          updated = db.run("UPDATE pattern_memory SET pattern_type = ?, label_source = 'corrected' WHERE id = ?", [pattern, input.id]).changes > 0;
        }
        const id = db.run('INSERT INTO pattern_labels (description, operation, pattern, predicted, source, pattern_memory_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [text, JSON.stringify(operation.raw), pattern, previous, 'correction', input.id ?? null, t]).lastInsertRowid;
        const corrections = Number(db.get<{ n: number }>("SELECT COUNT(*) AS n FROM pattern_labels WHERE source = 'correction'")!.n);
        return { action: 'correct', id, pattern, previous, corrections, updated_record: updated };
      });
    },

    patterns_classifier(): ClassifierFigures {
      return classifier().figures;
    },

    patterns_labels(input?: { limit?: number }): LabelRecord[] {
      return db.all<LabelRecord>('SELECT id, description, pattern, predicted, source, pattern_memory_id, created_at FROM pattern_labels ORDER BY id DESC LIMIT ?', [limitOf(input)]);
    },

    patterns_recorded(input?: { limit?: number }): RecordedOperation[] {
      return db.all<MemoryRow>('SELECT id, pattern_type, pattern_data, confidence, description, success, duration_ms, label_source, created_at FROM pattern_memory ORDER BY id DESC LIMIT ?', [limitOf(input)])
        .filter((r) => isPattern(r.pattern_type))
        .map((r) => {
          const data = JSON.parse(r.pattern_data) as { operation?: unknown; outcome?: unknown; metadata?: unknown };
          return {
            id: r.id, description: r.description ?? '', pattern: r.pattern_type as CognitivePattern, confidence: r.confidence, label_source: r.label_source,
            success: r.success === null ? null : r.success === 1, duration_ms: r.duration_ms,
            operation: data.operation ?? null, outcome: data.outcome ?? null, metadata: data.metadata ?? null, created_at: r.created_at,
          };
        });
    },
  };
}
