// Keeps this tab's compute workers in step with the model registry: a version deleted in any tab is unloaded from every worker here that loaded it.
import type { DeletedModel } from '../../workers/compute/api';
import type { EngineClient } from '../../workers/engine/types';

/** What holds loaded models: the compute bridge and the training pool. */
export interface LoadedModelHolder {
  forgetModels(deleted: DeletedModel[]): Promise<number>;
}

/**
 * On every models change notice that deleted versions (a delete or a cleanup, in this tab or another), tells each
 * holder to unload them. Freeing memory is all this does: the workers key loaded models by the file's hash, so
 * deleted weights could not answer for a model saved again under the same name even if a notice were missed.
 * Returns the unsubscribe function.
 */
export function unloadDeletedModels(engine: Pick<EngineClient, 'onChange'>, holders: LoadedModelHolder[]): () => void {
  return engine.onChange((c) => {
    if (c.what !== 'models' || c.deleted.length === 0) return;
    for (const h of holders) {
      h.forgetModels(c.deleted).catch((err: unknown) => console.warn('could not unload deleted models from a compute worker:', err));
    }
  });
}
