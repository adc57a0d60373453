// ONNX export of a model's inference graph (opset 13) built with onnx-proto's protobuf classes: Gemm + activation per float layer, our exact int8 arithmetic per int8 layer; featurization stays outside the graph, described in metadata.
// onnx-proto is CommonJS: node's ESM loader cannot see its named exports from a bundle (the CLI's), so take the default export.
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import type { QuantizedLayer } from '../nn/forward';
import { paramShapes, type Activation, type NetworkSpec } from '../nn/spec';
import { configToJson, type ModelArtifact } from './clf';

const { onnx } = onnxProto;

export const ONNX_OPSET = 13;
export const ONNX_INPUT = 'features';
export const ONNX_OUTPUT = 'output';

const ACT_OP: Record<Exclude<Activation, 'linear'>, string> = {
  relu: 'Relu', leaky_relu: 'LeakyRelu', sigmoid: 'Sigmoid', tanh: 'Tanh', softmax: 'Softmax',
};
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const F32_MAX = 3.4028234663852886e38;

/** What an int8 export computes, word for word: the doc_string and the CLI say this. */
export const INT8_EXPORT_NOTE =
  'Each int8 layer computes what SAFLA\'s int8 inference computes: every input row is quantized with its own scale ' +
  '(s = max|x|/127; q = round-half-even(x·(127/max|x|)) clipped to ±127; an all-zero row gives q = 0), the int8 products are ' +
  'summed exactly in int32 (MatMulInteger), and y = float(sum)·(s·w_scale) + bias, each step rounded to float32 as the ' +
  'kernel\'s int8 gemm does. Exact for relu, leaky_relu and linear layers; after tanh, sigmoid and softmax, which are the ' +
  'runtime\'s own functions, outputs can differ in the last float32 bits, and a value that close to a rounding boundary of ' +
  'the next layer\'s quantization moves that code by one step.';

type Node = OnnxTypes.INodeProto;
type Tensor = OnnxTypes.ITensorProto;

function bytesOf(v: ArrayBufferView): Uint8Array {
  return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
}

function floatTensor(name: string, dims: number[], values: Float32Array): Tensor {
  // rawData is the little-endian bytes of the values, the compact form runtimes read fastest.
  return { name, dims, dataType: FLOAT, rawData: bytesOf(values) };
}

function int8Tensor(name: string, dims: number[], values: Int8Array): Tensor {
  return { name, dims, dataType: onnx.TensorProto.DataType.INT8, rawData: bytesOf(values) };
}

function valueInfo(name: string, width: number): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] } } },
  };
}

const intAttr = (name: string, i: number): OnnxTypes.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i });
const intsAttr = (name: string, ints: number[]): OnnxTypes.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints });

/** Builds the graph's node and initializer lists. */
class GraphBuilder {
  readonly nodes: Node[] = [];
  readonly initializer: Tensor[] = [];
  private readonly consts = new Map<number, string>();

  node(opType: string, name: string, input: string[], attribute: OnnxTypes.IAttributeProto[] = [], output = name): string {
    this.nodes.push({ opType, name, input, output: [output], attribute });
    return output;
  }

  /** A float32 scalar constant, shared by every layer. */
  scalar(v: number): string {
    let name = this.consts.get(v);
    if (!name) {
      name = `const.${this.consts.size}`;
      this.consts.set(v, name);
      this.initializer.push(floatTensor(name, [], new Float32Array([v])));
    }
    return name;
  }

  activation(act: Activation, input: string, prefix: string, output?: string): string {
    if (act === 'linear') return input;
    const attribute: OnnxTypes.IAttributeProto[] = [];
    if (act === 'leaky_relu') attribute.push({ name: 'alpha', type: onnx.AttributeProto.AttributeType.FLOAT, f: 0.01 });
    if (act === 'softmax') attribute.push(intAttr('axis', 1));
    return this.node(ACT_OP[act], `${prefix}.${act}`, [input], attribute, output ?? `${prefix}.${act}`);
  }
}

function floatLayer(g: GraphBuilder, l: number, nIn: number, nOut: number, w: Float32Array, b: Float32Array, input: string): string {
  g.initializer.push(floatTensor(`layers.${l}.weight`, [nIn, nOut], w), floatTensor(`layers.${l}.bias`, [nOut], b));
  return g.node('Gemm', `layers.${l}.gemm`, [input, `layers.${l}.weight`, `layers.${l}.bias`]);
}

/**
 * One int8 layer as core/nn/forward.ts forwardInt8 and the kernel's int8_gemm compute it, op by op with the
 * same float32 roundings (see quantizeRows): Round is half-to-even in ONNX as in wasm's f32.nearest, and the
 * scale is multiplied by 127/max rather than divided by s, which is why QuantizeLinear (x / s) is not used.
 */
function int8Layer(g: GraphBuilder, l: number, nIn: number, nOut: number, q: QuantizedLayer, input: string): string {
  const p = `layers.${l}`;
  // Weights are stored transposed [out×in]; MatMulInteger takes B as [in×out].
  const wt = new Int8Array(nIn * nOut);
  for (let j = 0; j < nOut; j++) for (let i = 0; i < nIn; i++) wt[i * nOut + j] = q.w[j * nIn + i];
  g.initializer.push(int8Tensor(`${p}.weight_int8`, [nIn, nOut], wt), floatTensor(`${p}.weight_scale`, [nOut], q.scales), floatTensor(`${p}.bias`, [nOut], q.bias));
  const abs = g.node('Abs', `${p}.abs`, [input]);
  const max = g.node('ReduceMax', `${p}.row_max`, [abs], [intsAttr('axes', [1]), intAttr('keepdims', 1)]);
  const rowScale = g.node('Div', `${p}.row_scale`, [max, g.scalar(127)]);
  // inv = 127/max, capped at the largest float (a subnormal max), and 0 for an all-zero row (0·∞ would be NaN).
  const inv = g.node('Min', `${p}.inv_capped`, [g.node('Div', `${p}.inv_raw`, [g.scalar(127), max]), g.scalar(F32_MAX)]);
  const zero = g.node('Equal', `${p}.zero_row`, [max, g.scalar(0)]);
  const safeInv = g.node('Where', `${p}.inv`, [zero, g.scalar(0), inv]);
  const rounded = g.node('Round', `${p}.round`, [g.node('Mul', `${p}.scaled`, [input, safeInv])]);
  const codes = g.node('Cast', `${p}.codes`, [g.node('Clip', `${p}.clip`, [rounded, g.scalar(-127), g.scalar(127)])], [intAttr('to', onnx.TensorProto.DataType.INT8)]);
  const sums = g.node('MatMulInteger', `${p}.matmul_int`, [codes, `${p}.weight_int8`]);
  // int32 → float32 through DequantizeLinear with scale 1 (exactly a Cast: float(x − 0)·1). A Cast here would let
  // onnxruntime fuse MatMulInteger → Cast → Mul(Mul(a_scale, b_scale)) into MatMulIntegerToFloat, which treats the
  // per-row scale as one scalar for the whole batch and gives wrong outputs.
  const sumsF = g.node('DequantizeLinear', `${p}.sums_float`, [sums, g.scalar(1)]);
  const scale = g.node('Mul', `${p}.scale`, [rowScale, `${p}.weight_scale`]);
  return g.node('Add', `${p}.linear`, [g.node('Mul', `${p}.dequant`, [sumsF, scale]), `${p}.bias`]);
}

function buildGraph(spec: NetworkSpec, weights: ModelArtifact['weights']): GraphBuilder {
  const g = new GraphBuilder();
  const shapes = paramShapes(spec);
  let current = ONNX_INPUT;
  shapes.forEach(({ w: [nIn, nOut] }, l) => {
    const last = l === shapes.length - 1;
    const act = spec.layers[l + 1].activation;
    current = weights.kind === 'f32'
      ? floatLayer(g, l, nIn, nOut, weights.params[2 * l], weights.params[2 * l + 1], current)
      : int8Layer(g, l, nIn, nOut, weights.layers[l], current);
    if (last) {
      // The graph's output is the last node's output: rename it rather than add an Identity.
      if (act === 'linear') g.nodes[g.nodes.length - 1].output = [ONNX_OUTPUT];
      else g.activation(act, current, `layers.${l}`, ONNX_OUTPUT);
    } else current = g.activation(act, current, `layers.${l}`);
  });
  return g;
}

/** The model as ONNX bytes: input `features` [batch × width] (the featurizer's output), output `output` [batch × outputs]. */
export function exportOnnx(model: ModelArtifact, producerVersion = '0'): Uint8Array {
  const { spec } = model;
  const int8 = model.weights.kind === 'int8';
  const g = buildGraph(spec, model.weights);
  const outputs = spec.layers[spec.layers.length - 1].size;
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'SAFLA Lab',
    producerVersion,
    modelVersion: 1,
    docString: `${model.config.modelId}: ${spec.layers.map((l) => l.size).join('→')} ${spec.loss}. Input: the featurizer's vector (see metadata 'featurizer').${int8 ? ` ${INT8_EXPORT_NOTE}` : ''}`,
    graph: {
      name: model.config.modelId,
      node: g.nodes,
      initializer: g.initializer,
      input: [valueInfo(ONNX_INPUT, spec.layers[0].size)],
      output: [valueInfo(ONNX_OUTPUT, outputs)],
    },
    metadataProps: [
      { key: 'featurizer', value: JSON.stringify(model.schema) },
      { key: 'labels', value: JSON.stringify(model.schema.target.labels) },
      { key: 'config', value: JSON.stringify(configToJson(model.config)) },
      { key: 'quantization', value: int8 ? 'int8-per-output-channel weights, int8 per-row activations (MatMulInteger), as SAFLA computes them' : 'none' },
    ],
  });
  return onnx.ModelProto.encode(proto).finish();
}
