// The three strategies of the reference and what a transform reports it did.

export const STRATEGIES = ['conservative', 'balanced', 'aggressive'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface TransformChange {
  kind: 'added-check' | 'removed-guard' | 'inlined-helper';
  /** The function or method it happened in ('isValidEmail', 'LruCache.set'). */
  where: string;
  /** What, in words: "typeof value !== 'string' → TypeError". */
  detail: string;
}

export interface TransformResult {
  source: string;
  changes: TransformChange[];
}
