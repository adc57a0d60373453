// Training one catalog template on a kernel port (the CLI's and the tests'; the app trains the same config on its compute pool): records in, a .clf and the measured result out.
import { encodeClf } from '../format/clf';
import { parseModelConfig } from '../models/config';
import { trainModel, type TrainedModel } from '../models/model-ops';
import type { KernelPort } from '../nn/port';
import type { TrainHooks } from '../training/train';
import type { TrainingRecord } from './mapping';
import { configOf, type CatalogTemplate } from './templates';

export interface TemplateTraining {
  trained: TrainedModel;
  file: Uint8Array;
  /** Measured wall time of featurizing and training (ms). */
  training_ms: number;
}

export async function trainTemplate(port: KernelPort, t: CatalogTemplate, data: { trainingData: TrainingRecord[]; validationData?: TrainingRecord[] }, hooks: TrainHooks & { wallClock: () => number }): Promise<TemplateTraining> {
  const started = hooks.now();
  const trained = await trainModel(port, parseModelConfig(configOf(t)), data, hooks);
  const file = encodeClf(trained.artifact);
  return { trained, file, training_ms: hooks.now() - started };
}
