// The tool catalog: every tool the reference's agents called, defined once; the MCP server, WebMCP and saflaLab are adapters over this list.
import { ensembleCreate } from './ensemble';
import { neuralCompress } from './compress';
import { neuralExplain } from './explain';
import { memorySearch, memoryStats, memoryUsage } from './memory';
import { modelDelete, modelList, modelLoad, modelSave } from './models';
import { neuralPredict, neuralPredictBatch, neuralTrain } from './neural';
import { trainPipelineRun, trainPipelineStatus } from './pipeline';
import { neuralPatterns } from './patterns';
import { neuralStatus } from './status';
import type { ToolDefinition } from './tool';
import { transferLearn } from './transfer';

export { callTool, findTool, type ToolResult } from './call';
export type { ToolCall, ToolContext } from './context';
export type { ToolDefinition } from './tool';

/** In the order tools/list shows them. */
export const TOOLS: readonly ToolDefinition[] = [
  neuralTrain,
  neuralPredict,
  neuralPredictBatch,
  neuralPatterns,
  neuralStatus,
  neuralExplain,
  neuralCompress,
  modelSave,
  modelLoad,
  modelList,
  modelDelete,
  ensembleCreate,
  transferLearn,
  memoryUsage,
  memorySearch,
  memoryStats,
  trainPipelineRun,
  trainPipelineStatus,
];

