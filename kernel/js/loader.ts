// Instantiates a kernel build from bytes or a URL; picks the build by feature detection unless told which.
import { bestFlavor, detectFeatures, type KernelFlavor } from './features';
import { Kernel, type KernelExports } from './kernel';

export type KernelSource =
  | { bytes: (flavor: KernelFlavor) => BufferSource | Promise<BufferSource> }
  | { url: (flavor: KernelFlavor) => string | URL };

function checkExports(exports: WebAssembly.Exports, flavor: KernelFlavor): KernelExports {
  for (const name of ['memory', 'alloc', 'free']) {
    if (!(name in exports)) throw new Error(`kernel-${flavor}.wasm lacks the '${name}' export`);
  }
  return exports as unknown as KernelExports;
}

export async function loadKernel(source: KernelSource, flavor: KernelFlavor = bestFlavor(detectFeatures())): Promise<Kernel> {
  let module: WebAssembly.Module;
  if ('bytes' in source) {
    module = await WebAssembly.compile(await source.bytes(flavor));
  } else {
    const url = source.url(flavor);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not fetch the ${flavor} kernel from ${String(url)}: HTTP ${res.status}`);
    module = await WebAssembly.compileStreaming(res).catch(async () => WebAssembly.compile(await (await fetch(url)).arrayBuffer()));
  }
  const instance = await WebAssembly.instantiate(module, {});
  return new Kernel(flavor, checkExports(instance.exports, flavor));
}
