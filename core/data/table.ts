// Typed columns for datasets of any size: per cell a kind tag, numbers in Float64Array chunks, strings dictionary-encoded into Int32Array codes; no record objects.

/** What a cell holds. ABSENT: the record has no such key (or the column ends before the row). */
export const ABSENT = 0;
/** A JSON/Parquet number, or a CSV cell that looks like one in a column of numbers. */
export const NUM = 1;
/** A string (its dictionary code in codes). */
export const STR = 2;
export const TRUE = 3;
export const FALSE = 4;
/** An array, or an object nested deeper than one level: kept as the JS value (rare; multi-hot columns). */
export const OTHER = 5;
/**
 * A CSV cell that looks like a number in a column that also holds text: a string that holds a number, as the
 * record path saw it (the value is in nums; as a category or class its name is the number's canonical text).
 */
export const NUMTEXT = 6;
/** The key is there with no value: null, '' (a blank CSV cell) or NaN. The featurizer treats it as ABSENT; only "which fields do these rows have" tells them apart. */
export const MISSING = 7;

/** Whether a tag holds no value (ABSENT or MISSING): isMissing() for cells. */
export const noValue = (t: number): boolean => t === ABSENT || t === MISSING;

export type CellTag = typeof ABSENT | typeof MISSING | typeof NUM | typeof STR | typeof TRUE | typeof FALSE | typeof OTHER | typeof NUMTEXT;

const CHUNK_BITS = 16;
/** Rows per chunk: storage grows chunk by chunk, so nothing already read is copied again (a chunk doubles up to this size). */
export const CHUNK_ROWS = 1 << CHUNK_BITS;
const MASK = CHUNK_ROWS - 1;
const FIRST = 64;

function grown<T extends Uint8Array | Int32Array | Float64Array>(a: T, need: number, make: (n: number) => T): T {
  let n = a.length;
  while (n < need) n *= 2;
  const b = make(Math.min(n, CHUNK_ROWS));
  b.set(a);
  return b;
}

/**
 * One column. Numbers are Float64: the featurizer standardises in double precision (as the record path did, so
 * both give identical design matrices) and integer ids or timestamps above 2^24 stay exact; the design matrix
 * the kernel reads is Float32.
 */
export class Column {
  /** Rows written so far (the table may be longer: the rest is MISSING). */
  rows = 0;
  private readonly tags: Uint8Array[] = [];
  private readonly nums: (Float64Array | null)[] = [];
  private readonly codes: (Int32Array | null)[] = [];
  /** String values by code, in first-seen order. */
  readonly dict: string[] = [];
  private readonly dictIndex = new Map<string, number>();
  private readonly others = new Map<number, unknown>();
  /** Cells per tag (index = tag). */
  readonly counts = new Float64Array(8);

  constructor(readonly name: string) {}

  tag(i: number): CellTag {
    const c = this.tags[i >>> CHUNK_BITS];
    const o = i & MASK;
    return (c === undefined || o >= c.length ? ABSENT : c[o]) as CellTag;
  }

  /** The number of a NUM or NUMTEXT cell. */
  num(i: number): number {
    return this.nums[i >>> CHUNK_BITS]![i & MASK];
  }

  /** The dictionary code of a STR cell. */
  code(i: number): number {
    return this.codes[i >>> CHUNK_BITS]![i & MASK];
  }

  other(i: number): unknown {
    return this.others.get(i);
  }

  /** The cell as a JS value, as a record would hold it (ABSENT → undefined, MISSING → null; NUMTEXT → its canonical text). */
  value(i: number): unknown {
    switch (this.tag(i)) {
      case NUM: return this.num(i);
      case NUMTEXT: return String(this.num(i));
      case STR: return this.dict[this.code(i)];
      case TRUE: return true;
      case FALSE: return false;
      case OTHER: return this.others.get(i);
      case MISSING: return null;
      default: return undefined;
    }
  }

  private slot(i: number, tag: CellTag): number {
    const k = i >>> CHUNK_BITS;
    const o = i & MASK;
    while (this.tags.length <= k) {
      this.tags.push(new Uint8Array(this.tags.length < k ? CHUNK_ROWS : FIRST));
      this.nums.push(null);
      this.codes.push(null);
    }
    if (this.tags[k].length <= o) this.tags[k] = grown(this.tags[k], o + 1, (n) => new Uint8Array(n));
    const t = this.tags[k];
    if (i >= this.rows) {
      // Cells skipped over were never written: ABSENT.
      this.counts[ABSENT] += i - this.rows;
      this.rows = i + 1;
    } else this.counts[t[o]]--;
    this.counts[tag]++;
    t[o] = tag;
    return o;
  }

  setNum(i: number, x: number): void {
    if (Number.isNaN(x)) return this.setMissing(i);
    const o = this.slot(i, NUM);
    const k = i >>> CHUNK_BITS;
    let a = this.nums[k];
    if (a === null) a = this.nums[k] = new Float64Array(this.tags[k].length);
    else if (a.length <= o) a = this.nums[k] = grown(a, o + 1, (n) => new Float64Array(n));
    a[o] = x;
  }

  setStr(i: number, s: string): void {
    if (s === '') return this.setMissing(i);
    const o = this.slot(i, STR);
    const k = i >>> CHUNK_BITS;
    let a = this.codes[k];
    if (a === null) a = this.codes[k] = new Int32Array(this.tags[k].length);
    else if (a.length <= o) a = this.codes[k] = grown(a, o + 1, (n) => new Int32Array(n));
    let code = this.dictIndex.get(s);
    if (code === undefined) {
      code = this.dict.length;
      this.dict.push(s);
      this.dictIndex.set(s, code);
    }
    a[o] = code;
  }

  setBool(i: number, b: boolean): void {
    this.slot(i, b ? TRUE : FALSE);
  }

  setMissing(i: number): void {
    this.slot(i, MISSING);
  }

  setOther(i: number, v: unknown): void {
    this.slot(i, OTHER);
    this.others.set(i, v);
  }

  /** Any JS value, typed as the featurizer reads it (number, string, boolean; null/undefined/NaN/'' missing; the rest kept as is). */
  set(i: number, v: unknown): void {
    switch (typeof v) {
      case 'number': return this.setNum(i, v);
      case 'string': return this.setStr(i, v);
      case 'boolean': return this.setBool(i, v);
      case 'undefined': return this.setMissing(i);
      default:
        if (v === null) return this.setMissing(i);
        return this.setOther(i, v);
    }
  }

  /** Marks every NUM cell as NUMTEXT (a CSV column of mixed numbers and text holds strings, as the record path saw it). */
  numbersAsText(): void {
    for (const t of this.tags) for (let o = 0; o < t.length; o++) if (t[o] === NUM) t[o] = NUMTEXT;
    this.counts[NUMTEXT] += this.counts[NUM];
    this.counts[NUM] = 0;
  }

  /** Bytes held by the typed storage (for memory estimates and reports). */
  bytes(): number {
    let b = 0;
    for (let k = 0; k < this.tags.length; k++) b += this.tags[k].byteLength + (this.nums[k]?.byteLength ?? 0) + (this.codes[k]?.byteLength ?? 0);
    return b;
  }
}

/** A dataset's columns. Fields in first-seen order; a column shorter than `rows` is ABSENT below its end. */
export interface Table {
  readonly fields: string[];
  readonly rows: number;
  column(field: string): Column | undefined;
}

/** Training data as columns: the validation table when the file gave one ({trainingData, validationData}). */
export interface TableData {
  kind: 'columns';
  training: Table;
  validation: Table | null;
}

export const isTableData = (d: unknown): d is TableData => typeof d === 'object' && d !== null && (d as { kind?: unknown }).kind === 'columns';

/** Builds a table row by row or cell by cell. */
export class TableBuilder implements Table {
  readonly fields: string[] = [];
  rows = 0;
  private readonly byName = new Map<string, Column>();
  /** Columns in field order (the CSV reader writes by position). */
  readonly columns: Column[] = [];

  column(field: string): Column | undefined {
    return this.byName.get(field);
  }

  /** The column named `field`, made (empty, so ABSENT for every earlier row) when first seen. */
  add(field: string): Column {
    let c = this.byName.get(field);
    if (!c) {
      c = new Column(field);
      this.byName.set(field, c);
      this.fields.push(field);
      this.columns.push(c);
    }
    return c;
  }

  /** Appends a flattened record (own keys only; see flatten in the featurizer). */
  addRecord(flat: Record<string, unknown>): void {
    const i = this.rows++;
    for (const k of Object.keys(flat)) this.add(k).set(i, flat[k]);
  }

  bytes(): number {
    let b = 0;
    for (const c of this.columns) b += c.bytes();
    return b;
  }
}

/** A table's rows back as flattened records (ABSENT cells left out, MISSING ones null): small samples only (model examples, tests). */
export function recordsOf(table: Table, rows: ArrayLike<number>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const cols = table.fields.map((f) => table.column(f)!);
  for (let j = 0; j < rows.length; j++) {
    const rec = Object.create(null) as Record<string, unknown>;
    for (const c of cols) {
      const v = c.value(rows[j]);
      if (v !== undefined) rec[c.name] = v;
    }
    out.push(rec);
  }
  return out;
}
