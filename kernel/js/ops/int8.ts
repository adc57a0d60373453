// int8 op wrappers: per-row quantization, dequantization, int8 dot against rows, int8 gemm and a quantized dense layer.
// Legend: rows×cols matrices; n rows of d for the dot; m×k activations against n×k weights (stored transposed) for gemm.
import { ACTIVATION_CODE } from '../../../core/nn/spec';
import type { Int8GemmArgs } from '../../reference/int8';
import type { F32Buffer, I8Buffer, Kernel } from '../kernel';

export type { Int8GemmArgs };

function need(op: string, name: string, buf: { length: number }, values: number): void {
  if (!Number.isInteger(values) || values < 0) throw new RangeError(`${op}: bad size ${values} for ${name}`);
  if (buf.length < values) throw new RangeError(`${op}: ${name} holds ${buf.length} values, needs ${values}`);
}

/** q [rows×cols] i8 and scales [rows] from x [rows×cols] f32: q = round(x/scale), scale = maxabs/127 (0 for a zero row). */
export function quantizeRows(k: Kernel, q: I8Buffer, scales: F32Buffer, x: F32Buffer, rows: number, cols: number): void {
  need('quantizeRows', 'q', q, rows * cols);
  need('quantizeRows', 'scales', scales, rows);
  need('quantizeRows', 'x', x, rows * cols);
  k.fn('quantize_rows')(q.ptr, scales.ptr, x.ptr, rows, cols);
}

/** x [rows×cols] = q·scale per row. */
export function dequantizeRows(k: Kernel, x: F32Buffer, q: I8Buffer, scales: F32Buffer, rows: number, cols: number): void {
  need('dequantizeRows', 'x', x, rows * cols);
  need('dequantizeRows', 'q', q, rows * cols);
  need('dequantizeRows', 'scales', scales, rows);
  k.fn('dequantize_rows')(x.ptr, q.ptr, scales.ptr, rows, cols);
}

/** scores[i] = (queryScale·rowScales[i])·Σ query[p]·rows[i,p]: approximate dot products of the dequantized vectors. */
export function int8DotRows(
  k: Kernel, scores: F32Buffer, query: I8Buffer, queryScale: number, rows: I8Buffer, rowScales: F32Buffer, n: number, d: number,
): void {
  need('int8DotRows', 'scores', scores, n);
  need('int8DotRows', 'query', query, d);
  need('int8DotRows', 'rows', rows, n * d);
  need('int8DotRows', 'rowScales', rowScales, n);
  k.fn('int8_dot_rows')(scores.ptr, query.ptr, queryScale, rows.ptr, rowScales.ptr, n, d);
}

export interface Int8GemmBuffers extends Omit<Int8GemmArgs, 'bias'> {
  bias?: F32Buffer;
  /**
   * Every activation code is in [0, 127] (the inputs came out of relu or sigmoid): the relaxed build then uses
   * its 7-bit dot product (int8_gemm_u7). Same results; a negative code would make the relaxed result undefined.
   */
  nonNegativeA?: boolean;
}

/** c [m×n] = act((sa[i]·sb[j])·Σ_p a[i,p]·b[j,p] + bias[j]); a i8 [m×k] per-row scales sa, b i8 [n×k] per-row scales sb. */
export function int8Gemm(
  k: Kernel, c: F32Buffer, a: I8Buffer, sa: F32Buffer, b: I8Buffer, sb: F32Buffer, args: Int8GemmBuffers,
): void {
  const { m, n, k: depth, bias, act = 'linear', nonNegativeA = false } = args;
  if (depth > 65536) throw new RangeError(`int8Gemm: k = ${depth} could overflow the i32 sums (at most 65536)`);
  need('int8Gemm', 'c', c, m * n);
  need('int8Gemm', 'a', a, m * depth);
  need('int8Gemm', 'sa', sa, m);
  need('int8Gemm', 'b', b, n * depth);
  need('int8Gemm', 'sb', sb, n);
  if (bias) need('int8Gemm', 'bias', bias, n);
  k.fn(nonNegativeA ? 'int8_gemm_u7' : 'int8_gemm')(c.ptr, a.ptr, sa.ptr, b.ptr, sb.ptr, bias ? bias.ptr : 0, m, n, depth, ACTIVATION_CODE[act]);
}

/** A dense layer's weights quantized per output channel: w i8 [outputs×inputs] (transposed), scales [outputs]. */
export interface Int8Dense {
  inputs: number;
  outputs: number;
  w: I8Buffer;
  scales: F32Buffer;
  bias?: F32Buffer;
  act?: Int8GemmArgs['act'];
  /** The layer's inputs are never negative (the previous layer ends in relu or sigmoid). */
  nonNegativeInput?: boolean;
}

/** Scratch for a batch of quantized activations: q i8 [rows×inputs], scales [rows]. */
export interface Int8Scratch {
  q: I8Buffer;
  scales: F32Buffer;
}

export function int8Scratch(k: Kernel, rows: number, inputs: number): Int8Scratch {
  return { q: k.i8(rows * inputs), scales: k.f32(rows) };
}

/** Quantizes a dense layer's weights given as w f32 [outputs×inputs] (already transposed). */
export function quantizeDense(
  k: Kernel, w: F32Buffer, inputs: number, outputs: number, bias?: F32Buffer, act?: Int8GemmArgs['act'],
): Int8Dense {
  const layer: Int8Dense = { inputs, outputs, w: k.i8(outputs * inputs), scales: k.f32(outputs), bias, act };
  quantizeRows(k, layer.w, layer.scales, w, outputs, inputs);
  return layer;
}

/** out [rows×outputs] = the layer applied to x [rows×inputs]: two kernel calls, quantize the batch then int8 gemm. */
export function int8DenseForward(k: Kernel, out: F32Buffer, x: F32Buffer, layer: Int8Dense, scratch: Int8Scratch, rows: number): void {
  quantizeRows(k, scratch.q, scratch.scales, x, rows, layer.inputs);
  int8Gemm(k, out, scratch.q, scratch.scales, layer.w, layer.scales, {
    m: rows, n: layer.outputs, k: layer.inputs, bias: layer.bias, act: layer.act, nonNegativeA: layer.nonNegativeInput,
  });
}
