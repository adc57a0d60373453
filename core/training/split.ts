// Seeded train/validation splits: stratified by class for classification, a plain shuffle otherwise.
import { createRng } from '../random';

export interface Split {
  train: number[];
  validation: number[];
}

/**
 * Holds out `fraction` of the indices 0..n-1. With labels, each class contributes round(fraction·count)
 * (at least one when it has two or more members), so small classes are represented in both parts.
 */
export function splitIndices(n: number, fraction: number, seed: number, labels?: ArrayLike<number>): Split {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`validation fraction must be in (0, 1), got ${fraction}`);
  const rng = createRng(seed);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = labels ? labels[i] : 0;
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(i);
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (const g of [...groups.keys()].toSorted((a, b) => a - b)) {
    const idx = groups.get(g)!;
    rng.shuffle(idx);
    let held = Math.round(fraction * idx.length);
    if (idx.length >= 2) held = Math.min(Math.max(held, 1), idx.length - 1);
    else held = 0;
    // Element by element: spreading a class's indices into push() overflows the stack at a few hundred thousand rows.
    for (let k = 0; k < idx.length; k++) (k < held ? validation : train).push(idx[k]);
  }
  return { train: train.toSorted((a, b) => a - b), validation: validation.toSorted((a, b) => a - b) };
}
