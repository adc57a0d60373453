// Seeded choices the templates share: picks, integers in a range, words, and JS literals for test data.
import type { Rng } from '../../random';

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/** Uniform integer in [lo, hi], both ends included. */
export function intIn(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

/** k distinct items in random order. */
export function sample<T>(rng: Rng, items: readonly T[], k: number): T[] {
  const copy = items.slice();
  rng.shuffle(copy);
  return copy.slice(0, k);
}

export const WORDS: readonly string[] = [
  'amber', 'basil', 'cedar', 'delta', 'ember', 'fable', 'garnet', 'harbor', 'indigo', 'juniper',
  'kestrel', 'lumen', 'maple', 'nectar', 'onyx', 'pepper', 'quartz', 'raven', 'saffron', 'tundra',
  'umber', 'velvet', 'willow', 'xenon', 'yarrow', 'zephyr', 'acorn', 'brook', 'comet', 'dune',
  'falcon', 'glacier', 'hazel', 'iris', 'jasper', 'lotus', 'meadow', 'nova', 'orchid', 'pine',
  'river', 'sierra', 'thistle', 'violet', 'wren', 'aspen', 'birch', 'coral', 'drift', 'flint',
];

export function word(rng: Rng): string {
  return pick(rng, WORDS);
}

export function words(rng: Rng, n: number): string[] {
  return Array.from({ length: n }, () => word(rng));
}

/** A literal for generated JavaScript (JSON is valid JS for strings, numbers, booleans, null, arrays and plain objects). */
export function lit(value: unknown): string {
  return JSON.stringify(value);
}

/** Integers in [lo, hi], n of them. */
export function ints(rng: Rng, n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, () => intIn(rng, lo, hi));
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
