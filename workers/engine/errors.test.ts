// Error mapping: what each failure becomes for the caller (EngineErrorName) and for the status (kind and a sentence).
import { describe, expect, it } from 'vitest';
import { MemoryInputError } from '../../core/memory/memory-usage';
import { ClfError } from '../../core/format/clf';
import { RegistryError } from '../../core/models/registry';
import { describeOpenError, fromWire, isQuotaError, toCallError, toWire } from './errors';

const sqliteError = (code: number, message: string) => Object.assign(new Error(message), { resultCode: code });
const domError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('engine error mapping', () => {
  it('keeps bad input as MemoryInputError with its message', () => {
    const err = toCallError(new MemoryInputError('key', 'is required'));
    expect(err).toMatchObject({ name: 'MemoryInputError', message: 'memory_usage: key is required' });
  });

  it('keeps bad model input by name (a damaged file, an unknown version) and turns anything else into EngineError', () => {
    expect(toCallError(new ClfError('checksum', 'checksum does not match'))).toMatchObject({ name: 'ClfError', message: 'model file: checksum does not match' });
    expect(toCallError(new RegistryError('version', 'm has no version 9.9.9'))).toMatchObject({ name: 'RegistryError' });
    expect(toCallError(new TypeError('boom'))).toMatchObject({ name: 'EngineError', message: 'boom' });
  });

  it('maps a full database, a quota error, and an OPFS I/O error caused by the quota to EngineQuotaError', () => {
    const full = sqliteError(13, 'SQLITE_FULL: sqlite3 result code 13: database or disk is full');
    const ioerr = sqliteError(778, 'SQLITE_IOERR_WRITE: sqlite3 result code 778: disk I/O error');
    const quota = domError('QuotaExceededError', 'The quota has been exceeded.');
    for (const [err, cause] of [[full, undefined], [quota, undefined], [ioerr, quota]] as const) {
      expect(toCallError(err, cause)).toMatchObject({ name: 'EngineQuotaError', message: expect.stringMatching(/^Storage is full: .*earlier data is intact/) });
    }
    // An I/O error with another cause is not a quota problem.
    expect(isQuotaError(ioerr, domError('InvalidStateError', 'x'))).toBe(false);
    expect(toCallError(ioerr)).toMatchObject({ name: 'EngineError', message: ioerr.message });
  });

  it('names open failures by kind with a sentence for the user', () => {
    expect(describeOpenError(domError('NoModificationAllowedError', 'Access Handles cannot be created'))).toMatchObject({ kind: 'open', message: expect.stringMatching(/in use by something else/) });
    expect(describeOpenError(sqliteError(26, 'SQLITE_NOTADB: file is not a database'))).toMatchObject({ kind: 'open', message: expect.stringMatching(/damaged/) });
    expect(describeOpenError(sqliteError(11, 'SQLITE_CORRUPT: database disk image is malformed'))).toMatchObject({ kind: 'open', message: expect.stringMatching(/damaged/) });
    expect(describeOpenError(new Error('Missing required OPFS APIs.'))).toMatchObject({ kind: 'unsupported' });
    expect(describeOpenError(sqliteError(13, 'SQLITE_FULL: database or disk is full'))).toMatchObject({ kind: 'quota' });
    expect(describeOpenError(new Error('database schema version 9 is newer than this app\'s latest (1)'))).toMatchObject({ kind: 'open', message: expect.stringMatching(/Reload/) });
  });

  it('crosses a channel as a plain name and message', () => {
    const back = fromWire(structuredClone(toWire(toCallError(new MemoryInputError('ttl', 'must be positive')))));
    expect(back).toBeInstanceOf(Error);
    expect(back).toMatchObject({ name: 'MemoryInputError', message: 'memory_usage: ttl must be positive' });
  });
});
