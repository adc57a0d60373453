// The catalog's tool names, known without loading the catalog (saflaLab's functions exist from page load; the catalog loads on the first call). A test keeps this list equal to core/tools/catalog.ts's.
export const TOOL_NAMES = [
  'neural_train', 'neural_predict', 'neural_predict_batch', 'neural_patterns', 'neural_status', 'neural_explain', 'neural_compress',
  'model_save', 'model_load', 'model_list', 'model_delete', 'ensemble_create', 'transfer_learn',
  'memory_usage', 'memory_search', 'memory_stats', 'train_pipeline_run', 'train_pipeline_status',
] as const;

export type ToolName = (typeof TOOL_NAMES)[number];
