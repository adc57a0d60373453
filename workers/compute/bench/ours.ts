// Our side of every case, shaped like a peer: the wasm kernel's gemm and a network from a KernelPort.
import type { KernelPort } from '../../../core/nn/port';
import type { Kernel } from '../../../kernel/js/kernel';
import { gemm } from '../../../kernel/js/ops/gemm';
import type { BenchMlp, BenchPeer, BenchTask, MlpCase } from './peer';

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

function portMlp(port: KernelPort, c: MlpCase): BenchMlp {
  const net = port.createNetwork(c.spec, c.seed, c.batch);
  const inputs = c.spec.layers[0].size;
  const outputs = c.spec.layers[c.spec.layers.length - 1].size;
  const steps = Math.floor(c.samples / c.batch);
  return {
    trainEpoch: () => {
      for (let s = 0; s < steps; s++) {
        const r = s * c.batch;
        net.trainStep(c.x.subarray(r * inputs, (r + c.batch) * inputs), c.y.subarray(r * outputs, (r + c.batch) * outputs), c.batch);
      }
    },
    predictTask: (rows) => {
      const x = c.x.subarray(0, rows * inputs);
      let out: Float32Array = new Float32Array(0);
      return {
        run: () => {
          out = net.predict(x, rows);
        },
        output: () => out,
        dispose: () => {},
      };
    },
    dispose: () => net.dispose(),
  };
}
