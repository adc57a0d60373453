// `safla neural patterns analyze|learn|predict|correct|classifier`: neural_patterns on the state folder with the app's core, kernel and word vectors; --json prints the worker API's objects.
import type { WordVectorEmbedder } from '../core/memory/word-vector-embedder';
import type { KernelPort } from '../core/nn/port';
import type { AnalyzeResult, ClassifierFigures, CorrectResult, NeuralPatternsResult, PatternAction, PatternsApi, PredictResult } from '../core/patterns/api';
import { PatternInputError, PATTERNS } from '../core/patterns/operation';
import { formatDuration } from '../core/patterns/outcomes';
import { createPatterns } from '../core/patterns/patterns';
import { CliError, type CliIo } from './io';
import { loadPort } from './kernel';
import type { Flags } from './neural';
import { withState, withStateOrScratch, type CliState } from './state';
import { loadWordVectors } from './word-vectors';

export const PATTERNS_USAGE = `Cognitive patterns (neural_patterns: convergent, divergent, lateral, systems, critical, adaptive)
  safla neural patterns analyze    --operation '<json or text>' [--metadata '<json>'] [--json]
  safla neural patterns learn      --operation '<json or text>' [--outcome '<json>'] [--metadata '<json>'] [--json]
  safla neural patterns predict    --operation '<json or text>' [--metadata '<json>'] [--json]
  safla neural patterns correct    --operation '<json or text>' --pattern <pattern> [--id N] [--json]
  safla neural patterns classifier [--json]

--operation: the reference's {"type", "complexity", "agents", "duration", "description", …} as JSON, or plain text
taken as the description. --outcome: {"success": true, "duration": 1850, …} (or "passed"/"failed"). learn stores
the operation and its outcome in the state folder; analyze names its pattern with the classifier's probabilities,
the similar recorded operations and recommendations from their outcomes; predict estimates success and duration
from at least 3 similar recorded outcomes, or says there are too few. metadata.pattern labels a learned operation;
correct stores a label for the next training. classifier prints its measured held-out accuracy and confusion matrix.
analyze, predict and classifier read the state folder when there is one and create none (the classifier then trains
in memory, about half a second); learn and correct create it.`;

const ACTIONS = ['analyze', 'learn', 'predict', 'correct', 'classifier'] as const;

/** The command-line flag a field of neural_patterns' input came from. */
function flagOf(field: string): string {
  return `--${field.split(/[.[]/)[0]}`;
}

function flagText(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw new CliError(`--${name} needs a value`, 2);
  return v;
}

const pct = (p: number) => `${(p * 100).toFixed(p >= 0.995 || p < 0.005 ? 0 : 1)}%`;

function similarLines(r: AnalyzeResult | PredictResult): string[] {
  if (r.similarPatterns.length === 0) return ['Similar recorded operations: none yet'];
  return ['Similar recorded operations (cosine, pattern, outcome):', ...r.similarPatterns.map((s) => {
    const outcome = s.success === null ? 'no outcome' : s.success ? 'succeeded' : 'failed';
    const took = s.duration_ms === null ? '' : `, ${formatDuration(s.duration_ms)}`;
    return `  ${s.score.toFixed(3)}  ${s.pattern.padEnd(10)}  ${outcome}${took}  #${s.id} ${s.description}`;
  })];
}

function resultLines(r: NeuralPatternsResult): string[] {
  const head = r.action === 'learn'
    ? `Learned operation #${r.id} as ${r.pattern} (${r.label_source === 'given' ? 'given in metadata.pattern' : `classifier confidence ${r.confidence.toFixed(2)}`})`
    : `Pattern: ${r.pattern} (confidence ${r.confidence.toFixed(2)})`;
  const lines = [head, `  ${PATTERNS.map((p) => `${p} ${r.probabilities[p].toFixed(2)}`).join('  ')}`];
  if (r.action === 'predict') {
    lines.push(r.success_probability === null
      ? `Success probability: not given (${r.evidence_count} similar recorded outcome${r.evidence_count === 1 ? '' : 's'}, ${r.evidence.needed} needed)`
      : `Success probability: ${pct(r.success_probability)} from ${r.evidence_count} similar recorded outcomes`);
    lines.push(r.expected_duration_ms === null
      ? `Expected duration: not given (${r.duration_evidence} similar recorded durations, ${r.evidence.needed} needed)`
      : `Expected duration: ${formatDuration(r.expected_duration_ms)} (${formatDuration(r.duration_range_ms![0])}–${formatDuration(r.duration_range_ms![1])}, ${r.duration_evidence} recorded)`);
    lines.push(`Reasoning: ${r.reasoning}`);
  }
  lines.push(...similarLines(r), 'Recommendations:', ...r.recommendations.map((x) => `  - ${x}`));
  lines.push(`Classifier ${r.classifier.version}: held-out accuracy ${pct(r.classifier.held_out_accuracy)}, trained on ${r.classifier.trained_on} operations`);
  return lines;
}

function figureLines(f: ClassifierFigures): string[] {
  const h = f.held_out;
  return [
    `Classifier ${f.version} (trained ${new Date(f.trained_at).toISOString()} in ${f.training_ms} ms on ${f.kernel}; ${f.parameters.toLocaleString('en-US')} parameters)`,
    `Features: ${f.features.name} (${f.features.width} wide)${f.features.embedder ? '' : ' — without word vectors'}`,
    `Data: ${f.dataset.examples} labelled operations (${PATTERNS.map((p) => `${p} ${f.dataset.per_pattern[p]}`).join(', ')}); ${pct(f.dataset.held_out_fraction)} of each pattern held out`,
    `Trained on ${f.trained_on.examples}: the training split plus ${f.trained_on.corrections} correction${f.trained_on.corrections === 1 ? '' : 's'} and ${f.trained_on.learn_labels} learn label${f.trained_on.learn_labels === 1 ? '' : 's'}${f.pending_learn_labels ? ` (${f.pending_learn_labels} more learn labels wait for the next batch)` : ''}`,
    `Held-out accuracy: ${pct(h.accuracy)} on ${h.n} operations${h.corrected_left_out ? ` (${h.corrected_left_out} corrected ones left out)` : ''}; mean confidence ${pct(h.meanConfidence)}`,
    `Baselines on the same operations: majority class (${f.baselines.majority.pattern}) ${pct(f.baselines.majority.accuracy)}, keyword rules ${pct(f.baselines.keywords.accuracy)}`,
    'Confusion matrix (rows: true pattern, columns: predicted):',
    `  ${''.padEnd(11)}${PATTERNS.map((p) => p.slice(0, 5).padStart(6)).join('')}   recall precision`,
    ...h.confusion.map((row, i) => `  ${PATTERNS[i].padEnd(11)}${row.map((v) => String(v).padStart(6)).join('')}   ${h.perPattern[i].recall === null ? '—' : pct(h.perPattern[i].recall!)}  ${h.perPattern[i].precision === null ? '—' : pct(h.perPattern[i].precision!)}`),
  ];
}

function correctLines(c: CorrectResult): string[] {
  return [`Stored correction #${c.id}: ${c.pattern} (the classifier said ${c.previous})${c.updated_record ? '; the learned operation\'s pattern was updated' : ''}`,
    `${c.corrections} correction${c.corrections === 1 ? '' : 's'} in all; the classifier trains on them at its next use.`];
}

/**
 * neural_patterns over a state as the CLI runs it: the state's own memory (opened with the word vectors, so learn
 * stores and analyze searches by meaning there), the word vectors for the classifier, the kernel for training.
 */
export function patternsOnState(state: Pick<CliState, 'db' | 'memory'>, words: WordVectorEmbedder, port: KernelPort, clock: () => number, now: () => number): PatternsApi {
  return createPatterns({ db: state.db, memory: state.memory, port, embedder: words, clock, now });
}

export async function patternsCommand(io: CliIo, args: readonly string[], flags: Flags): Promise<void> {
  const [action, ...extra] = args;
  if (action === undefined || !(ACTIONS as readonly string[]).includes(action)) {
    throw new CliError(`${action === undefined ? 'safla neural patterns needs an action' : `unknown action 'neural patterns ${action}'`}: use ${ACTIONS.join(', ')}\n\n${PATTERNS_USAGE}`, 2);
  }
  if (extra.length > 0) throw new CliError(`unexpected arguments: ${extra.join(' ')}`, 2);
  const operation = flagText(flags, 'operation');
  const outcome = flagText(flags, 'outcome');
  const metadata = flagText(flags, 'metadata');
  const pattern = flagText(flags, 'pattern');
  const id = flagText(flags, 'id');
  if (action !== 'classifier' && operation === undefined) throw new CliError(`--operation is required: '{"type": "api_deployment", "description": "…"}' or plain text`, 2);
  if (outcome !== undefined && action !== 'learn') throw new CliError(`--outcome is only for learn (an outcome is what learn records)`, 2);
  if (action === 'correct' && pattern === undefined) throw new CliError(`--pattern is required: one of ${PATTERNS.join(', ')}`, 2);
  if (id !== undefined && !/^\s*\d+\s*$/.test(id)) throw new CliError(`--id must be the number of a learned operation (got ${JSON.stringify(id)})`, 2);
  const [words, port] = await Promise.all([loadWordVectors(), loadPort()]);
  const run = (state: CliState) => {
    const patterns = patternsOnState(state, words, port, io.wallClock, io.now);
    try {
      if (action === 'classifier') return patterns.patterns_classifier();
      if (action === 'correct') return patterns.patterns_correct({ operation, pattern: pattern as never, ...(id === undefined ? {} : { id: Number(id) }) });
      return patterns.neural_patterns({ action: action as PatternAction, operation, ...(outcome === undefined ? {} : { outcome }), ...(metadata === undefined ? {} : { metadata }) });
    } catch (e) {
      if (e instanceof PatternInputError) throw new CliError(`${flagOf(e.field)}: ${e.field} ${e.problem}`);
      throw e;
    }
  };
  // learn and correct write; analyze, predict and classifier only read a state that exists (and keep the trained
  // classifier there), and without one run on an empty database in memory, creating nothing.
  const writes = action === 'learn' || action === 'correct';
  const result = writes
    ? await withState(io, flags.state, run, { embedder: words })
    : await withStateOrScratch(io, flags.state, run, { embedder: words });
  if (flags.json === true) {
    io.out(JSON.stringify(result, null, 2));
    return;
  }
  const lines = action === 'classifier' ? figureLines(result as ClassifierFigures)
    : action === 'correct' ? correctLines(result as CorrectResult)
    : resultLines(result as NeuralPatternsResult);
  for (const l of lines) io.out(l);
}
