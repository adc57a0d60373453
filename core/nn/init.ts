// Seeded weight initialisation: He for relu-like layers, Xavier/Glorot otherwise; biases zero.
import { createRng } from '../random';
import { paramShapes, type NetworkSpec } from './spec';
import type { ParamList } from './port';

export function initParams(spec: NetworkSpec, seed: number): ParamList {
  const rng = createRng(seed);
  const out: ParamList = [];
  paramShapes(spec).forEach(({ w: [fanIn, fanOut], b }, i) => {
    const act = spec.layers[i + 1].activation;
    const std = act === 'relu' || act === 'leaky_relu' ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut));
    const w = new Float32Array(fanIn * fanOut);
    for (let j = 0; j < w.length; j++) w[j] = rng.normal() * std;
    out.push(w, new Float32Array(b));
  });
  return out;
}
