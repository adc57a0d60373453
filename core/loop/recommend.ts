// The loop's recommendation, pure: each strategy's reliability from its recent runs at this complexity (a Beta posterior, with the catalog model's prediction as prior when there is one) combined with the pipeline's selection weights and profile terms; the confidence; the reasoning in words.
import type { StrategyProfile } from '../pipeline/profiles';
import { SPEED_HORIZON_MS } from '../pipeline/scoring';
import type { Weights } from '../pipeline/selection';
import { STRATEGIES, type Strategy } from '../pipeline/strategies/types';
import type { Complexity } from '../pipeline/task';
import { MODEL_PRIOR, RECENT_RUNS, type LoopStep, type ModelUse, type PatternsView, type StrategyEstimate } from './api';
import { probabilityBest } from './confidence';

export interface Evidence {
  runs: number;
  passed: number;
}

export interface RecommendParts {
  complexity: Complexity;
  profiles: readonly StrategyProfile[];
  evidence: Record<Strategy, Evidence>;
  /** The model's P(pass) per strategy; undefined without a model. */
  model?: { use: ModelUse; probability: Record<Strategy, number> };
  weights: Weights;
  presetLabel: string;
  patterns: PatternsView | null;
  /** The latest earlier step at this complexity. */
  previous: Pick<LoopStep, 'id' | 'recommended' | 'estimates'> | null;
}

export interface Recommended {
  recommended: Strategy;
  confidence: number;
  estimates: StrategyEstimate[];
  reasoning: string[];
  changed_from: { step_id: number; strategy: Strategy } | null;
}

const f2 = (x: number) => x.toFixed(2);
const pct = (x: number) => `${Math.round(x * 100)}%`;

export function estimate(strategy: Strategy, profile: StrategyProfile, ev: Evidence, weights: Weights, modelP: number | null): StrategyEstimate {
  const failed = ev.runs - ev.passed;
  const alpha = 1 + ev.passed + (modelP === null ? 0 : MODEL_PRIOR * modelP);
  const beta = 1 + failed + (modelP === null ? 0 : MODEL_PRIOR * (1 - modelP));
  const reliability = alpha / (alpha + beta);
  const speed = 1 - profile.avgExecutionTime / SPEED_HORIZON_MS;
  const quality = profile.avgScore / 100;
  return {
    strategy, runs: ev.runs, passed: ev.passed, model_probability: modelP, alpha, beta, reliability, speed, quality, profile_uses: profile.uses,
    weighted: reliability * weights.reliability + speed * weights.speed + quality * weights.score,
  };
}

/** "aggressive failed 4 of 5 recent easy tasks" / "conservative passed 5 of 5 recent easy tasks" / "balanced has no recent easy runs". */
export function evidenceText(e: Pick<StrategyEstimate, 'strategy' | 'runs' | 'passed'>, complexity: Complexity): string {
  if (e.runs === 0) return `${e.strategy} has no recent ${complexity} runs`;
  const failed = e.runs - e.passed;
  return failed > e.passed ? `${e.strategy} failed ${failed} of ${e.runs} recent ${complexity} tasks` : `${e.strategy} passed ${e.passed} of ${e.runs} recent ${complexity} tasks`;
}

export function recommendStrategy(p: RecommendParts): Recommended {
  const byName = new Map(p.profiles.map((x) => [x.strategy, x]));
  const estimates = STRATEGIES.map((s) => estimate(s, byName.get(s)!, p.evidence[s], p.weights, p.model ? p.model.probability[s] : null));
  // Best first; ties keep the reference's order (conservative, balanced, aggressive).
  const ranked = estimates.toSorted((a, b) => b.weighted - a.weighted);
  const best = ranked[0];
  const w = p.weights;
  const fixed = (e: StrategyEstimate) => e.speed * w.speed + e.quality * w.score;
  const confidence = probabilityBest({ alpha: best.alpha, beta: best.beta, fixed: fixed(best) }, ranked.slice(1).map((e) => ({ alpha: e.alpha, beta: e.beta, fixed: fixed(e) })), w.reliability);

  const reasoning: string[] = [];
  const evidence = ranked.map((e) => evidenceText(e, p.complexity));
  reasoning.push(`${evidence.join('; ')} (passing = npm test and npm run lint both passed; the last ${RECENT_RUNS} scored runs of each).`);
  reasoning.push(`Recommended ${best.strategy}: weighted score ${f2(best.weighted)} against ${ranked.slice(1).map((e) => `${e.strategy} ${f2(e.weighted)}`).join(', ')} ` +
    `(${p.presetLabel} weights: reliability ${w.reliability}, speed ${w.speed}, score ${w.score}; reliability ${ranked.map((e) => `${e.strategy} ${pct(e.reliability)}`).join(', ')}).`);
  // A profile that has not learned from a scored run holds the pipeline's starting values (the reference's expected
  // times, a middling score): they rank strategies as if measured, so the reasoning says where that is the case.
  const starting = ranked.filter((e) => e.profile_uses === 0).map((e) => e.strategy);
  if (starting.length > 0 && (w.speed > 0 || w.score > 0)) {
    reasoning.push(`Speed and score of ${starting.join(', ')} are the pipeline's starting values, not measurements: ${starting.length === 1 ? 'it has' : 'they have'} no scored run yet.`);
  }
  reasoning.push(w.reliability > 0
    ? `Confidence ${pct(confidence)}: the probability, given each strategy's evidence, that ${best.strategy} really has the highest weighted score.`
    : 'Confidence 100%: the weights give reliability no part, so nothing uncertain decides.');
  let changed_from: Recommended['changed_from'] = null;
  if (p.previous && p.previous.recommended !== best.strategy) {
    changed_from = { step_id: p.previous.id, strategy: p.previous.recommended };
    const was = p.previous.estimates.find((e) => e.strategy === p.previous!.recommended);
    const now = estimates.find((e) => e.strategy === p.previous!.recommended)!;
    const moved = was ? `${now.strategy}'s reliability moved from ${pct(was.reliability)} to ${pct(now.reliability)} (${evidenceText(now, p.complexity)})` : evidenceText(now, p.complexity);
    reasoning.push(`Changed from ${p.previous.recommended} (step #${p.previous.id}): ${moved}, so ${best.strategy} now scores higher.`);
  } else if (p.previous) {
    reasoning.push(`Same as step #${p.previous.id}.`);
  }
  if (p.model) {
    const m = p.model.use;
    reasoning.push(`Catalog model ${m.model_id}@${m.version} (measured validation accuracy ${m.accuracy === null ? 'not measured' : f2(m.accuracy)}) predicts passing: ` +
      `${ranked.map((e) => `${e.strategy} ${pct(e.model_probability!)}`).join(', ')}; each counts as ${MODEL_PRIOR} runs in the reliability prior.`);
  } else {
    reasoning.push('No catalog model adaptive-coordinator is trained yet: reliability comes from the recorded runs alone (even prior).');
  }
  if (p.patterns) {
    const v = p.patterns;
    const similar = v.by_strategy.filter((s) => s.of > 0).map((s) => `${s.strategy} ${s.succeeded} of ${s.of}`);
    reasoning.push(`neural_patterns reads the task as ${v.pattern} (${pct(v.confidence)}); ` +
      (similar.length > 0 ? `similar recorded tasks succeeded with ${similar.join(', ')}.` : 'no similar recorded task has an outcome yet.'));
  }
  return { recommended: best.strategy, confidence, estimates: ranked, reasoning, changed_from };
}
