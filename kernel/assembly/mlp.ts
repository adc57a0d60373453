// Fused MLP training: one call runs forward, loss, backward and the optimizer update for a batch, all state resident.
// The network is described by a descriptor in linear memory that kernel/js/network.ts builds (layout below; the
// JS side mirrors these offsets). Legend: B batch rows (≤ maxBatch), L dense layers, n_l units of layer l
// (n_0 inputs), P padded parameter count.
//
// Descriptor: 32-bit words at byte offset 4·i from `d`.
//   0 L            1 maxBatch      2 loss code      3 optimizer code
//   4 lr (f32)     5 beta1 or momentum (f32)        6 beta2 (f32)     7 epsilon (f32)
//   8 weight decay (f32)           9 step: updates taken (adam's t − 1; the kernel bumps it)
//  10 P            11 params[P]    12 grads[P]      13 state1[P] (velocity or adam m; 0 for sgd)
//  14 state2[P] (adam v; else 0)   15 x[maxBatch×n_0] staged inputs   16 y[maxBatch×n_L] staged targets
//  17 deltaA[maxBatch×maxWidth]    18 deltaB[maxBatch×maxWidth] (backward ping-pong)   19..23 reserved, 0
//  24 + 8·l, for dense layer l = 0..L−1 (the spec's layers[l+1]):
//     +0 n_in  +1 n_out  +2 activation code  +3 W[n_in×n_out]  +4 b[n_out]  +5 dW[n_in×n_out]  +6 db[n_out]
//     +7 a[maxBatch×n_out], the layer's output (pre-activation logits for the last layer while training
//        with a cross-entropy loss, since the loss takes logits).
// W, b, dW, db point into params/grads, so the optimizer runs once over the whole of P.
import { gemm } from './gemm';
import { activation_backward, softmax_forward } from './activations';
import { binary_cross_entropy, mse, softmax_cross_entropy } from './losses';
import { adam_update, momentum_update, sgd_update } from './optimizers';

// Codes as core/nn/spec.ts.
const ACT_LINEAR = 0;
const ACT_SOFTMAX = 5;
const LOSS_SCE = 0;
const LOSS_BCE = 1;
const LOSS_MSE = 2;
const OPT_SGD = 0;
const OPT_MOMENTUM = 1;
const LAYER0 = 24;
const LAYER_WORDS = 8;

@inline function word(d: usize, i: i32): i32 {
  return load<i32>(d + (<usize>i << 2));
}
@inline function ptr(d: usize, i: i32): usize {
  return <usize>load<u32>(d + (<usize>i << 2));
}
@inline function real(d: usize, i: i32): f32 {
  return load<f32>(d + (<usize>i << 2));
}
@inline function lw(l: i32, f: i32): i32 {
  return LAYER0 + l * LAYER_WORDS + f;
}

// db[n] = Σ_b delta[b, :], delta[B×n].
function column_sums(db: usize, delta: usize, B: i32, n: i32): void {
  const rowBytes = <usize>n << 2;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    for (; j + 4 <= n; j += 4) {
      let acc = f32x4.splat(0);
      let p = delta + (<usize>j << 2);
      for (let b = 0; b < B; b++, p += rowBytes) acc = f32x4.add(acc, v128.load(p));
      v128.store(db + (<usize>j << 2), acc);
    }
  }
  for (; j < n; j++) {
    let s: f32 = 0;
    let p = delta + (<usize>j << 2);
    for (let b = 0; b < B; b++, p += rowBytes) s += load<f32>(p);
    store<f32>(db + (<usize>j << 2), s);
  }
}

// Forward for B ≤ maxBatch rows of x[B×n_0]. The last layer writes to `out` (its own buffer when out is 0).
// logits: leave the last layer linear (the cross-entropy losses take logits); otherwise apply its activation,
// softmax included, so `out` holds what predict returns.
function forward(d: usize, x: usize, out: usize, B: i32, logits: bool): void {
  const L = word(d, 0);
  const loss = word(d, 2);
  let input = x;
  for (let l = 0; l < L; l++) {
    const nIn = word(d, lw(l, 0));
    const nOut = word(d, lw(l, 1));
    let act = word(d, lw(l, 2));
    const last = l == L - 1;
    const dst = last && out != 0 ? out : ptr(d, lw(l, 7));
    if (last && logits && loss != LOSS_MSE) act = ACT_LINEAR;
    const fused = act == ACT_SOFTMAX ? ACT_LINEAR : act;
    // a[B×nOut] = act(input[B×nIn] · W[nIn×nOut] + b)
    gemm(dst, input, ptr(d, lw(l, 3)), ptr(d, lw(l, 4)), B, nOut, nIn, 0, 0, 0, fused, 1);
    if (act == ACT_SOFTMAX) softmax_forward(dst, dst, B, nOut);
    input = dst;
  }
}

// Forward, loss and backward for B rows staged at x/y; leaves d(mean loss)/d(param) in grads. Returns the mean loss.
function loss_and_gradients(d: usize, B: i32): f32 {
  const L = word(d, 0);
  const lossCode = word(d, 2);
  const x = ptr(d, 15);
  forward(d, x, 0, B, true);
  let delta = ptr(d, 17);
  let spare = ptr(d, 18);
  const nL = word(d, lw(L - 1, 1));
  const aL = ptr(d, lw(L - 1, 7));
  const y = ptr(d, 16);
  let loss: f32;
  // delta[B×n_L] = d(loss)/d(last pre-activation)
  if (lossCode == LOSS_SCE) loss = softmax_cross_entropy(delta, aL, y, B, nL);
  else if (lossCode == LOSS_BCE) loss = binary_cross_entropy(delta, aL, y, B, nL);
  else {
    loss = mse(delta, aL, y, B, nL);
    activation_backward(delta, delta, aL, B * nL, word(d, lw(L - 1, 2)));
  }
  for (let l = L - 1; l >= 0; l--) {
    const nIn = word(d, lw(l, 0));
    const nOut = word(d, lw(l, 1));
    const input = l == 0 ? x : ptr(d, lw(l - 1, 7));
    // dW[nIn×nOut] = inputᵀ · delta, input stored [B×nIn]
    gemm(ptr(d, lw(l, 5)), input, delta, 0, nIn, nOut, B, 1, 0, 0, ACT_LINEAR, 1);
    // db[nOut] = Σ_b delta
    column_sums(ptr(d, lw(l, 6)), delta, B, nOut);
    if (l > 0) {
      // spare[B×nIn] = delta[B×nOut] · Wᵀ, W stored [nIn×nOut]; then through the previous layer's activation.
      gemm(spare, delta, ptr(d, lw(l, 3)), 0, B, nIn, nOut, 0, 1, 0, ACT_LINEAR, 1);
      activation_backward(spare, spare, input, B * nIn, word(d, lw(l - 1, 2)));
      const t = delta;
      delta = spare;
      spare = t;
    }
  }
  return loss;
}

// Loss and gradients without an update (gradient checks, diagnostics). Inputs and targets staged at x/y.
export function mlp_loss_grad(d: usize, B: i32): f32 {
  return loss_and_gradients(d, B);
}

// One training step on B rows staged at x/y: forward, loss, backward, optimizer update. Returns the mean loss before it.
export function mlp_train_step(d: usize, B: i32): f32 {
  const loss = loss_and_gradients(d, B);
  const P = word(d, 10);
  const p = ptr(d, 11), g = ptr(d, 12);
  const opt = word(d, 3);
  const lr = real(d, 4), wd = real(d, 8);
  if (opt == OPT_SGD) sgd_update(p, g, P, lr, wd);
  else if (opt == OPT_MOMENTUM) momentum_update(p, g, ptr(d, 13), P, lr, real(d, 5), wd);
  else {
    const t = word(d, 9) + 1;
    store<i32>(d + 36, t);
    adam_update(p, g, ptr(d, 13), ptr(d, 14), P, lr, real(d, 5), real(d, 6), real(d, 7), wd, t);
  }
  return loss;
}

// out[rows×n_L] = the network's outputs for x[rows×n_0], any row count, in chunks of maxBatch.
export function mlp_predict(d: usize, out: usize, x: usize, rows: i32): void {
  const maxBatch = word(d, 1);
  const L = word(d, 0);
  const inBytes = <usize>word(d, lw(0, 0)) << 2;
  const outBytes = <usize>word(d, lw(L - 1, 1)) << 2;
  for (let r = 0; r < rows; r += maxBatch) {
    const B = min(maxBatch, rows - r);
    forward(d, x + <usize>r * inBytes, out + <usize>r * outBytes, B, false);
  }
}

// The layout's sizes, exported so the JS side can check that it builds the same descriptor.
export const MLP_HEADER_WORDS: i32 = LAYER0;
export const MLP_LAYER_WORDS: i32 = LAYER_WORDS;
