// Browser entry: the three builds as URLs emitted by Vite (hashed, precached by the service worker).
import relaxedUrl from '../build/kernel-relaxed.wasm?url';
import scalarUrl from '../build/kernel-scalar.wasm?url';
import simdUrl from '../build/kernel-simd.wasm?url';
import type { KernelFlavor } from './features';
import type { Kernel } from './kernel';
import { loadKernel } from './loader';

const URLS: Record<KernelFlavor, string> = { relaxed: relaxedUrl, simd: simdUrl, scalar: scalarUrl };

let cached: Promise<Kernel> | undefined;

/** Loads the best build once per worker; pass a flavour to get a separate instance of that build. */
export function loadKernelBrowser(flavor?: KernelFlavor): Promise<Kernel> {
  if (flavor) return loadKernel({ url: (f) => new URL(URLS[f], self.location.href) }, flavor);
  cached ??= loadKernel({ url: (f) => new URL(URLS[f], self.location.href) });
  return cached;
}
