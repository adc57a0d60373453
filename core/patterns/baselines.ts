// Baselines the classifier is measured against: the majority pattern of the training rows, and keyword rules written the way a reasonable person would.
import { tokenize } from '../memory/hashing-embedder';
import { PATTERNS, operationText, type CognitivePattern, type Operation } from './operation';

/** The most frequent pattern among training labels (the first in PATTERNS order on a tie). */
export function majorityPattern(labels: readonly CognitivePattern[]): CognitivePattern {
  let best: CognitivePattern = PATTERNS[0];
  let bestCount = -1;
  for (const p of PATTERNS) {
    const n = labels.filter((l) => l === p).length;
    if (n > bestCount) {
      best = p;
      bestCount = n;
    }
  }
  return best;
}

/*
 * Keyword rules: for each pattern, the words the reference's own descriptions and examples suggest (bug fixes,
 * optimisation and test coverage for convergent; brainstorming, architecture and API design for divergent;
 * workarounds and refactoring for lateral; microservices, pipelines and distributed systems for systems; review,
 * audit and analysis for critical; dynamic optimisation, fault tolerance and auto-scaling for adaptive), widened
 * with their everyday synonyms. Written from the pattern definitions in README.md before looking at which rows
 * the classifier gets wrong, and not tuned on the data. Matching is on word stems (a rule "deploy" matches
 * deploy, deploys, deployment). The pattern with the most matching stems wins; ties go to the earlier pattern in
 * RULE_ORDER; no match at all falls back to convergent, the pattern of plain tasks.
 */
export const KEYWORDS: Record<CognitivePattern, readonly string[]> = {
  convergent: ['fix', 'bug', 'error', 'crash', 'broken', 'fail', 'correct', 'resolve', 'repair', 'patch', 'debug', 'implement', 'test', 'coverage', 'optimiz', 'optimis', 'calculat', 'comput', 'solve', 'reproduc'],
  divergent: ['brainstorm', 'idea', 'ideation', 'alternativ', 'option', 'explor', 'possib', 'propos', 'candidat', 'variant', 'several', 'different', 'imagin', 'creativ', 'sketch', 'design', 'architectur'],
  lateral: ['workaround', 'work around', 'instead', 'rather', 'unconvention', 'repurpos', 'reuse', 'reus', 'sidestep', 'side-step', 'hack', 'trick', 'refactor', 'restructur', 'reframe', 'invert', 'revers', 'innovativ'],
  systems: ['system', 'microservic', 'service', 'pipeline', 'distributed', 'depend', 'integrat', 'end-to-end', 'end to end', 'architectur', 'infrastructur', 'ci/cd', 'cicd', 'deploy', 'platform', 'interact', 'upstream', 'downstream', 'flow'],
  critical: ['review', 'audit', 'evaluat', 'assess', 'analy', 'verif', 'validat', 'check', 'inspect', 'critiqu', 'scrutin', 'question', 'judge', 'examin', 'security', 'risk', 'compar'],
  adaptive: ['adapt', 'dynamic', 'auto-scal', 'autoscal', 'scale', 'scaling', 'fault', 'toleran', 'failover', 'fail over', 'fallback', 'retry', 'backoff', 'adjust', 'real time', 'real-time', 'on the fly', 'automatic', 'chang', 'recover', 'degrad', 'throttl', 'self-heal'],
};

/** Tie order: the more specific vocabularies first, convergent's generic one last. */
const RULE_ORDER: readonly CognitivePattern[] = ['lateral', 'divergent', 'adaptive', 'critical', 'systems', 'convergent'];

/** Matches per pattern: how many of its stems occur at the start of a word (or, for phrases, anywhere) in the text. */
export function keywordScores(text: string): Record<CognitivePattern, number> {
  const lower = ` ${tokenize(text).join(' ')} `;
  const raw = ` ${text.toLowerCase()} `;
  const scores = {} as Record<CognitivePattern, number>;
  for (const p of PATTERNS) {
    scores[p] = KEYWORDS[p].filter((k) => (/[^a-z]/.test(k) ? raw.includes(k) : lower.includes(` ${k}`))).length;
  }
  return scores;
}

export function keywordPattern(op: Operation): CognitivePattern {
  const scores = keywordScores(operationText(op));
  let best: CognitivePattern = 'convergent';
  let bestScore = 0;
  for (const p of RULE_ORDER) {
    if (scores[p] > bestScore) {
      best = p;
      bestScore = scores[p];
    }
  }
  return best;
}
