// PLACEHOLDER (memui branch): replaced by the engine branch's bridge at merge
import type { EngineClient, EngineStatus } from '../../workers/engine/types';

const notMerged = () => Promise.reject(new Error('engine bridge not merged yet'));
const status: EngineStatus = { role: 'failed', tabId: 'placeholder', vfs: null, error: { kind: 'internal', message: 'engine bridge not merged yet' } };

export const engine: EngineClient = {
  call: notMerged,
  status: () => status,
  onStatus(cb) {
    cb(status);
    return () => {};
  },
  requestPersistence: notMerged,
  persisted: notMerged,
  storageEstimate: notMerged,
};
