// ONNX export of a model's inference graph (Gemm + activation per layer, opset 13) built with onnx-proto's protobuf classes; featurization stays outside the graph, described in metadata.
import { onnx } from 'onnx-proto';
import { paramShapes, type Activation } from '../nn/spec';
import { configToJson, type ModelArtifact } from './clf';

export const ONNX_OPSET = 13;
export const ONNX_INPUT = 'features';
export const ONNX_OUTPUT = 'output';

const ACT_OP: Record<Exclude<Activation, 'linear'>, string> = {
  relu: 'Relu', leaky_relu: 'LeakyRelu', sigmoid: 'Sigmoid', tanh: 'Tanh', softmax: 'Softmax',
};

function floatTensor(name: string, dims: number[], values: Float32Array): onnx.ITensorProto {
  // rawData is the little-endian bytes of the values, the compact form runtimes read fastest.
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)) };
}

function valueInfo(name: string, width: number): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] } } },
  };
}

/** Float weights of each layer as [W (in×out), b]; int8 models are dequantized (w·scale), which is what their inference computes per weight. */
function floatParams(model: ModelArtifact): Float32Array[] {
  if (model.weights.kind === 'f32') return model.weights.params;
  return paramShapes(model.spec).flatMap(({ w: [nIn, nOut] }, l) => {
    const q = (model.weights as Extract<ModelArtifact['weights'], { kind: 'int8' }>).layers[l];
    const w = new Float32Array(nIn * nOut);
    for (let j = 0; j < nOut; j++) for (let p = 0; p < nIn; p++) w[p * nOut + j] = q.w[j * nIn + p] * q.scales[j];
    return [w, q.bias];
  });
}

/** The model as ONNX bytes: input `features` [batch × width] (the featurizer's output), output `output` [batch × outputs]. */
export function exportOnnx(model: ModelArtifact, producerVersion = '0'): Uint8Array {
  const { spec } = model;
  const params = floatParams(model);
  const nodes: onnx.INodeProto[] = [];
  const initializer: onnx.ITensorProto[] = [];
  let current = ONNX_INPUT;
  const shapes = paramShapes(spec);
  shapes.forEach(({ w: [nIn, nOut] }, l) => {
    const last = l === shapes.length - 1;
    const act = spec.layers[l + 1].activation;
    initializer.push(floatTensor(`layers.${l}.weight`, [nIn, nOut], params[2 * l]), floatTensor(`layers.${l}.bias`, [nOut], params[2 * l + 1]));
    const gemmOut = last && act === 'linear' ? ONNX_OUTPUT : `layers.${l}.linear`;
    nodes.push({ opType: 'Gemm', name: `layers.${l}.gemm`, input: [current, `layers.${l}.weight`, `layers.${l}.bias`], output: [gemmOut] });
    current = gemmOut;
    if (act !== 'linear') {
      const out = last ? ONNX_OUTPUT : `layers.${l}.${act}`;
      const attribute: onnx.IAttributeProto[] = [];
      if (act === 'leaky_relu') attribute.push({ name: 'alpha', type: onnx.AttributeProto.AttributeType.FLOAT, f: 0.01 });
      if (act === 'softmax') attribute.push({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 });
      nodes.push({ opType: ACT_OP[act], name: `layers.${l}.${act}`, input: [current], output: [out], attribute });
      current = out;
    }
  });
  const outputs = spec.layers[spec.layers.length - 1].size;
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'SAFLA Lab',
    producerVersion,
    modelVersion: 1,
    docString: `${model.config.modelId}: ${spec.layers.map((l) => l.size).join('→')} ${spec.loss}. Input: the featurizer's vector (see metadata 'featurizer').`,
    graph: {
      name: model.config.modelId,
      node: nodes,
      initializer,
      input: [valueInfo(ONNX_INPUT, spec.layers[0].size)],
      output: [valueInfo(ONNX_OUTPUT, outputs)],
    },
    metadataProps: [
      { key: 'featurizer', value: JSON.stringify(model.schema) },
      { key: 'labels', value: JSON.stringify(model.schema.target.labels) },
      { key: 'config', value: JSON.stringify(configToJson(model.config)) },
      { key: 'quantization', value: model.weights.kind === 'int8' ? 'int8-per-output-channel (exported dequantized)' : 'none' },
    ],
  });
  return onnx.ModelProto.encode(proto).finish();
}
