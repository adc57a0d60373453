// Streaming JSON and JSON Lines readers over byte chunks into typed columns: an array of records or {trainingData, validationData}; a small scanner finds each record's bytes and JSON.parse reads one record at a time.
import { utf8Decode } from '../format/utf8';
import { LabInputError } from '../models/lab';
import { DataError, flatten } from '../models/featurizer';
import { TableBuilder, type TableData } from './table';

/** The text is not JSON (or not JSON Lines): the message says where. */
export class JsonSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const QUOTE = 34;
const BACKSLASH = 92;
const isWs = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/** Index after the string opening at i (a quote), or -1 when the buffer ends inside it. */
function stringEnd(b: Uint8Array, i: number, end: number): number {
  let j = i + 1;
  for (;;) {
    const q = b.indexOf(QUOTE, j);
    if (q < 0 || q >= end) return -1;
    let slashes = 0;
    while (b[q - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** Index after the JSON value starting at i (not checked beyond its brackets and strings: JSON.parse checks it), or -1 when incomplete. */
function valueEnd(b: Uint8Array, i: number, end: number, final: boolean): number {
  const c = b[i];
  if (c === QUOTE) return stringEnd(b, i, end);
  if (c === 123 || c === 91) {
    let depth = 0;
    for (let j = i; j < end; j++) {
      const x = b[j];
      if (x === QUOTE) {
        const s = stringEnd(b, j, end);
        if (s < 0) return -1;
        j = s - 1;
      } else if (x === 123 || x === 91) depth++;
      else if (x === 125 || x === 93) {
        if (--depth === 0) return j + 1;
      }
    }
    return -1;
  }
  let j = i;
  while (j < end && !isWs(b[j]) && b[j] !== 44 && b[j] !== 93 && b[j] !== 125) j++;
  return j >= end && !final ? -1 : j;
}

function skipWs(b: Uint8Array, i: number, end: number): number {
  while (i < end && isWs(b[i])) i++;
  return i;
}

type Part = 'trainingData' | 'validationData';

/**
 * A JSON file as neural_train takes it: an array of records (all training data) or an object with trainingData
 * and optionally validationData arrays (other keys are skipped). Only one record's text is held at a time.
 */
export class JsonStreamReader {
  readonly training = new TableBuilder();
  validation: TableBuilder | null = null;
  bytes = 0;
  private pending: Uint8Array = new Uint8Array(0);
  /** Where the scanner is: before the top value, in the top object (before a key, after a value), in an array of records, or done. */
  private state: 'start' | 'key' | 'comma' | 'array' | 'array-comma' | 'done' = 'start';
  private top: 'array' | 'object' = 'array';
  private part: Part = 'trainingData';
  private index = 0;
  private seen = new Set<string>();

  get rows(): number {
    return this.training.rows + (this.validation?.rows ?? 0);
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    let buf = chunk;
    if (this.pending.length > 0) {
      buf = new Uint8Array(this.pending.length + chunk.length);
      buf.set(this.pending);
      buf.set(chunk, this.pending.length);
    }
    const used = this.scan(buf, false);
    this.pending = buf.slice(used);
  }

  finish(): TableData {
    this.scan(this.pending, true);
    if (this.state === 'start') throw new JsonSyntaxError('Unexpected end of JSON input (the file is empty)');
    if (this.state !== 'done') throw new JsonSyntaxError('Unexpected end of JSON input');
    if (this.top === 'object' && !this.seen.has('trainingData')) {
      throw new LabInputError('training_data', 'is a single record; training needs many: pass an array of records or {trainingData: [...], validationData: [...]}');
    }
    return { kind: 'columns', training: this.training, validation: this.validation && this.validation.rows > 0 ? this.validation : null };
  }

  private decode(b: Uint8Array, s: number, e: number): string {
    try {
      return utf8Decode(b.subarray(s, e));
    } catch {
      throw new JsonSyntaxError(`bytes ${this.bytes - b.length + s}–${this.bytes - b.length + e} are not UTF-8 text`);
    }
  }

  private parse(text: string, where: string): unknown {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new JsonSyntaxError(`${(e as Error).message} (in ${where})`);
    }
  }

  private record(b: Uint8Array, s: number, e: number): void {
    const where = `${this.part}[${this.index}]`;
    const v = this.parse(this.decode(b, s, e), where);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DataError(where, 'must be an object (a record)');
    (this.part === 'trainingData' ? this.training : this.validation!).addRecord(flatten(v as Record<string, unknown>));
    this.index++;
  }

  /** Consumes what it can of b; returns the bytes used (the rest is kept for the next chunk). */
  private scan(b: Uint8Array, final: boolean): number {
    const end = b.length;
    let i = 0;
    const unexpected = (at: number): never => {
      throw new JsonSyntaxError(`Unexpected ${at < end ? JSON.stringify(String.fromCharCode(b[at])) : 'end of input'} at byte ${this.bytes - b.length + at}`);
    };
    for (;;) {
      i = skipWs(b, i, end);
      if (i >= end) return i;
      switch (this.state) {
        case 'start':
          if (i === 0 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
            i += 3;
            continue;
          }
          if (b[i] === 91) {
            this.top = 'array';
            this.state = 'array';
            i++;
          } else if (b[i] === 123) {
            this.top = 'object';
            this.state = 'key';
            i++;
            const j = skipWs(b, i, end);
            if (j < end && b[j] === 125) {
              this.state = 'done';
              i = j + 1;
            }
          } else {
            const j = valueEnd(b, i, end, final);
            if (j < 0) return i;
            this.parse(this.decode(b, i, j), 'the file');
            throw new LabInputError('training_data', 'must be an array of records or {trainingData, validationData}');
          }
          break;
        case 'key': {
          if (b[i] !== QUOTE) unexpected(i);
          const k = stringEnd(b, i, end);
          if (k < 0) return i;
          const j = skipWs(b, k, end);
          if (j >= end) return i;
          if (b[j] !== 58) unexpected(j);
          const v = skipWs(b, j + 1, end);
          if (v >= end) return i;
          const key = this.parse(this.decode(b, i, k), 'a key') as string;
          if (key === 'trainingData' || key === 'validationData') {
            if (this.seen.has(key)) throw new JsonSyntaxError(`the key ${key} appears twice`);
            this.seen.add(key);
            if (b[v] === 91) {
              this.part = key;
              this.index = 0;
              if (key === 'validationData') this.validation = new TableBuilder();
              this.state = 'array';
              i = v + 1;
              break;
            }
            const e = valueEnd(b, v, end, final);
            if (e < 0) return i;
            const value = this.parse(this.decode(b, v, e), key);
            if (key === 'trainingData' || value !== null) throw new LabInputError(`training_data.${key}`, 'must be an array of records');
            this.state = 'comma';
            i = e;
            break;
          }
          const e = valueEnd(b, v, end, final);
          if (e < 0) return i;
          this.parse(this.decode(b, v, e), key);
          this.state = 'comma';
          i = e;
          break;
        }
        case 'comma':
          if (b[i] === 44) this.state = 'key';
          else if (b[i] === 125) this.state = 'done';
          else unexpected(i);
          i++;
          break;
        case 'array': {
          if (b[i] === 93 && this.index === 0) {
            // An empty array.
            this.state = this.top === 'array' ? 'done' : 'comma';
            i++;
            break;
          }
          const e = valueEnd(b, i, end, final);
          if (e < 0) return i;
          this.record(b, i, e);
          this.state = 'array-comma';
          i = e;
          break;
        }
        case 'array-comma':
          if (b[i] === 44) {
            this.state = 'array';
            i++;
          } else if (b[i] === 93) {
            this.state = this.top === 'array' ? 'done' : 'comma';
            i++;
          } else unexpected(i);
          break;
        case 'done':
          unexpected(i);
      }
    }
  }
}

/** JSON Lines: one record per line; blank lines are skipped. */
export class JsonLinesReader {
  readonly training = new TableBuilder();
  bytes = 0;
  private pending: Uint8Array = new Uint8Array(0);
  private line = 1;

  get rows(): number {
    return this.training.rows;
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    let buf = chunk;
    if (this.pending.length > 0) {
      buf = new Uint8Array(this.pending.length + chunk.length);
      buf.set(this.pending);
      buf.set(chunk, this.pending.length);
    }
    let s = 0;
    for (;;) {
      const e = buf.indexOf(10, s);
      if (e < 0) break;
      this.lineOf(buf, s, e);
      s = e + 1;
    }
    this.pending = buf.slice(s);
  }

  finish(): TableData {
    if (this.pending.length > 0) this.lineOf(this.pending, 0, this.pending.length);
    this.pending = new Uint8Array(0);
    if (this.training.rows === 0) throw new LabInputError('training_data', 'has no records (every line is blank)');
    return { kind: 'columns', training: this.training, validation: null };
  }

  private lineOf(b: Uint8Array, s: number, e: number): void {
    const n = this.line++;
    if (n === 1 && e - s >= 3 && b[s] === 0xef && b[s + 1] === 0xbb && b[s + 2] === 0xbf) s += 3;
    const t = skipWs(b, s, e);
    if (t >= e) return;
    let text: string;
    try {
      text = utf8Decode(b.subarray(s, e));
    } catch {
      throw new JsonSyntaxError(`line ${n} is not UTF-8 text`);
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (err) {
      throw new JsonSyntaxError(`line ${n}: ${(err as Error).message}`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DataError(`line ${n}`, 'must be a JSON object (a record)');
    this.training.addRecord(flatten(v as Record<string, unknown>));
  }
}
