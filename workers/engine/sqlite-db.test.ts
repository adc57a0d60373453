// The sqlite-wasm adapter keeps core's Db contract (core/db/db-contract.ts): rows as objects, change counts, atomic and nested transactions, the statement cache.
import { dbContract } from '../../core/db/db-contract';
import { openMemoryDb } from './sqlite-db';

dbContract('SqliteDb', openMemoryDb);
