// Errors from a worker keep the field they name: through comlink (the page's bridges) and over the engine's channel (a follower tab), a tool error then names the parameter as it does in node.
import { expose, wrap } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../core/models/config';
import { LabInputError } from '../core/models/lab';
import { MemoryInputError } from '../core/memory/memory-usage';
import { describeFailure } from '../core/tools/errors';
import { fromWire, toCallError, toWire } from './engine/errors';
import { errorDetails, installErrorDetails } from './error-details';

const ports: MessagePort[] = [];
afterAll(() => ports.forEach((p) => p.close()));

function overComlink<T extends object>(api: T) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  expose(api, port2);
  return wrap<T>(port1);
}

const caught = (p: Promise<unknown>) => p.then(() => { throw new Error('resolved'); }, (e: unknown) => e as Error);

describe('error details across a worker boundary', () => {
  it('keep the field, problem and config issues a core error carries through comlink', async () => {
    installErrorDetails();
    const remote = overComlink({
      lab: () => { throw new LabInputError('training_data.trainingData[3].x', 'must be a number'); },
      config: () => { throw new ConfigError([{ path: 'architecture.layers[1].activation', message: 'must be one of relu, tanh' }]); },
      plain: () => { throw new Error('boom'); },
    });
    const lab = await caught(remote.lab());
    expect(lab).toMatchObject({ name: 'LabInputError', field: 'training_data.trainingData[3].x', message: 'training_data.trainingData[3].x must be a number' });
    expect(describeFailure(lab)).toEqual({ field: 'training_data.trainingData[3].x', message: 'training_data.trainingData[3].x: must be a number', expected: true });
    const config = await caught(remote.config());
    expect(describeFailure(config).field).toBe('architecture.layers[1].activation');
    const plain = await caught(remote.plain());
    expect(plain).toMatchObject({ name: 'Error', message: 'boom' });
    expect(Object.keys(errorDetails(plain))).toEqual([]);
  });

  it('keep the field over the engine\'s channel (a follower tab\'s call)', () => {
    const back = fromWire(structuredClone(toWire(toCallError(new MemoryInputError('ttl', 'must be positive')))));
    expect(back).toMatchObject({ name: 'MemoryInputError', field: 'ttl', problem: 'must be positive' });
    expect(describeFailure(back)).toMatchObject({ field: 'ttl', message: 'ttl: must be positive' });
  });

  it('carry only plain data', () => {
    const e = Object.assign(new Error('x'), { field: 'a', problem: 'b', issues: [{ path: 'p', message: 'm' }], more: [], secret: 'not sent', field2: () => 1 });
    expect(errorDetails(e)).toEqual({ field: 'a', problem: 'b', issues: [{ path: 'p', message: 'm' }], more: [] });
    expect(errorDetails(Object.assign(new Error('x'), { field: 3, issues: [() => 1] }))).toEqual({});
  });
});
