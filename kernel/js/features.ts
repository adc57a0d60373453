// Feature detection for the kernel build: WebAssembly SIMD and relaxed SIMD, by validating tiny modules.

export type KernelFlavor = 'relaxed' | 'simd' | 'scalar';

export interface KernelFeatures {
  simd: boolean;
  relaxedSimd: boolean;
}

// (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);
// (func (result v128) v128.const 0 ×3 f32x4.relaxed_madd)
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 133, 2, 11,
]);

function validates(bytes: Uint8Array<ArrayBuffer>): boolean {
  try {
    return WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

export function detectFeatures(): KernelFeatures {
  return { simd: validates(SIMD_PROBE), relaxedSimd: validates(RELAXED_PROBE) };
}

/** The fastest build this runtime can run. */
export function bestFlavor(features: KernelFeatures = detectFeatures()): KernelFlavor {
  if (features.simd && features.relaxedSimd) return 'relaxed';
  return features.simd ? 'simd' : 'scalar';
}

export const ALL_FLAVORS: readonly KernelFlavor[] = ['relaxed', 'simd', 'scalar'];
