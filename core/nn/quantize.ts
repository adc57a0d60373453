// Symmetric per-row int8 quantization, bit-exact with the kernel's quantize_rows (f32 roundings, ties to even): model weights, activations and memory vectors all use it.

const f = Math.fround;
const F32_MAX = 3.4028234663852886e38;

/** Round to nearest, ties to even (wasm f32.nearest). */
export function roundHalfEven(v: number): number {
  const lo = Math.floor(v);
  const diff = v - lo;
  if (diff < 0.5) return lo;
  if (diff > 0.5) return lo + 1;
  return lo % 2 === 0 ? lo : lo + 1;
}

/** q[r,:] = round(x[r,:]·127/maxabs), scales[r] = maxabs/127; zero rows get scale 0. */
export function quantizeRows(q: Int8Array, scales: Float32Array, x: Float32Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    let mx = 0;
    for (let p = 0; p < cols; p++) mx = Math.max(mx, Math.abs(x[r * cols + p]));
    scales[r] = f(mx / 127);
    const inv = mx > 0 ? Math.min(f(127 / mx), F32_MAX) : 0;
    for (let p = 0; p < cols; p++) q[r * cols + p] = Math.max(-127, Math.min(127, roundHalfEven(f(x[r * cols + p] * inv))));
  }
}

/** One vector's codes and scale. */
export function quantizeVector(x: Float32Array): { codes: Int8Array; scale: number } {
  const codes = new Int8Array(x.length);
  const scale = new Float32Array(1);
  quantizeRows(codes, scale, x, 1, x.length);
  return { codes, scale: scale[0] };
}
