// Our side of every case, shaped like a peer: the wasm kernel's gemm and a network from a KernelPort.
import type { KernelPort } from '../../../core/nn/port';
import type { Kernel } from '../../../kernel/js/kernel';
import { gemm } from '../../../kernel/js/ops/gemm';
import type { BenchPeer, BenchTask } from './peer';
import { portMlp } from './port-mlp';

export function oursContestant(kernel: Kernel, port: KernelPort | undefined): BenchPeer {
  return {
    name: `ours (wasm-${kernel.flavor})`,
    includes: {
      sgemm: `ours: one kernel gemm call (${kernel.flavor} build) on wasm buffers filled beforehand + copying C out to a JS Float32Array`,
      mlp_train: `ours: ${port?.name ?? 'no port'} network, one trainStep per batch (copies the batch into wasm, fused forward/backward/Adam)`,
      predict: 'ours: network.predict (copies rows in, forward, copies the outputs out)',
    },
    prepareSgemm(n, a, b): BenchTask {
      const bufA = kernel.f32(a);
      const bufB = kernel.f32(b);
      const bufC = kernel.f32(n * n);
      const out = new Float32Array(n * n);
      return {
        run: () => {
          gemm(kernel, bufC, bufA, bufB, { m: n, n, k: n });
          out.set(bufC.view);
        },
        output: () => out,
        dispose: () => {
          bufA.free();
          bufB.free();
          bufC.free();
        },
      };
    },
    prepareMlp: port ? (c) => portMlp(port, c) : undefined,
  };
}
