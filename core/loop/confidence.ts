// How sure a recommendation is: the probability, under each strategy's Beta posterior of its reliability, that the recommended strategy's weighted score is the highest. Computed on a fixed grid (deterministic, no sampling).

/** Grid points per integral; the error of the midpoint rule at this size is far below the figures shown (two decimals). */
const GRID = 2000;

export interface BetaParams {
  alpha: number;
  beta: number;
}

/** Probabilities of the GRID midpoints under Beta(alpha, beta) (summing to 1), and their running sums. */
function discretize(p: BetaParams): { pdf: Float64Array; cdf: Float64Array } {
  const pdf = new Float64Array(GRID);
  let max = -Infinity;
  for (let i = 0; i < GRID; i++) {
    const x = (i + 0.5) / GRID;
    const l = (p.alpha - 1) * Math.log(x) + (p.beta - 1) * Math.log(1 - x);
    pdf[i] = l;
    if (l > max) max = l;
  }
  let sum = 0;
  for (let i = 0; i < GRID; i++) {
    pdf[i] = Math.exp(pdf[i] - max);
    sum += pdf[i];
  }
  const cdf = new Float64Array(GRID);
  let run = 0;
  for (let i = 0; i < GRID; i++) {
    pdf[i] /= sum;
    run += pdf[i];
    cdf[i] = run;
  }
  return { pdf, cdf };
}

/** P(X ≤ y) for the discretized distribution: each grid cell's mass spread evenly over its width. */
function cdfAt(cdf: Float64Array, y: number): number {
  if (y <= 0) return 0;
  if (y >= 1) return 1;
  const pos = y * GRID;
  const i = Math.floor(pos);
  const before = i === 0 ? 0 : cdf[i - 1];
  return before + (cdf[i] - before) * (pos - i);
}

/**
 * P(w·X_best + c_best > w·X_o + c_o for every other o), X_s ~ Beta(alpha_s, beta_s) independent: the chance that the
 * recommended strategy really has the highest weighted score, given what is known of each one's reliability.
 * c_s is the part of the score that is not uncertain here (speed and score terms). With w = 0 nothing is uncertain: 1.
 */
export function probabilityBest(best: BetaParams & { fixed: number }, others: readonly (BetaParams & { fixed: number })[], w: number): number {
  if (others.length === 0) return 1;
  if (!(w > 0)) return others.every((o) => best.fixed >= o.fixed) ? 1 : 0;
  const b = discretize(best);
  const o = others.map((x) => ({ cdf: discretize(x).cdf, shift: (best.fixed - x.fixed) / w }));
  let p = 0;
  for (let i = 0; i < GRID; i++) {
    const x = (i + 0.5) / GRID;
    let prod = b.pdf[i];
    for (const k of o) {
      prod *= cdfAt(k.cdf, x + k.shift);
      if (prod === 0) break;
    }
    p += prod;
  }
  return Math.min(1, Math.max(0, p));
}
