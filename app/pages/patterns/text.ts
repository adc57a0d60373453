// Small formatters and the labelling guide's one-line definitions, shared by the Patterns page's cards.
import type { CognitivePattern } from '../../../core/patterns/api';

export const pct = (x: number): string => `${(x * 100).toFixed(x >= 0.995 || x < 0.005 ? 0 : 1)}%`;

/** The labelling guide (core/patterns/README.md), one line per pattern. */
export const DEFINITIONS: Record<CognitivePattern, string> = {
  convergent: 'one right answer, reached directly: fix this bug, implement the spec, compute a figure, meet a stated target.',
  divergent: 'many answers wanted: brainstorm, propose several options, sketch alternatives, explore an open design space.',
  lateral: 'an indirect route: reframe the problem, sidestep a constraint, repurpose something, work around it; refactoring.',
  systems: 'how parts connect: pipelines, integrations, dependencies, flows and what breaks downstream.',
  critical: 'judging something that exists: review, audit, verify, assess evidence, find where time goes, post-mortems.',
  adaptive: 'responding to change as it happens: auto-scaling, fallbacks, retries, failover, re-planning mid-way.',
};

export const STRATEGY_COLOURS = { conservative: '#0f766e', balanced: '#1d4ed8', aggressive: '#b45309' } as const;
