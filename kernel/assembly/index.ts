// The kernel's registration list: every op module the wasm exports, one line each.
export { alloc, free } from './mem';
export * from './gemm';
export * from './activations';
export * from './losses';
export * from './optimizers';
export * from './vector';
export * from './topk';
export * from './int8';
export * from './mlp';
