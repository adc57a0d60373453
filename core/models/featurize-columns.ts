// The featurizer on typed columns: fits a schema on a list of training rows and writes design-matrix rows straight into a Float32Array; records reach it through featurizer.ts's adapters.
import { featureSlot, tokenize } from '../memory/hashing-embedder';
import { FALSE, noValue, NUM, NUMTEXT, OTHER, STR, TRUE, type Column, type Table } from '../data/table';
import {
  chooseTarget, columnWidth, DataError, exampleOf, labelOf, MAX_CONFIGURED_CATEGORIES, numberOf, STD_FLOOR,
  type ColumnReport, type Encoded, type FeatureColumn, type FeatureSchema, type FeatureType, type FitOptions, type FitReport, type Task, type Unseen,
} from './featurizer-basics';

/** Reads one column's cells as the record path read values: numbers, labels and JS values, with per-dictionary-entry caches. */
export class Cells {
  private dictNums: Float64Array | null = null;

  constructor(readonly col: Column | undefined) {}

  tag(i: number): number {
    return this.col === undefined ? 0 : this.col.tag(i);
  }

  has(i: number): boolean {
    return !noValue(this.tag(i));
  }

  /** numberOf(value): a finite number, or a string holding one; undefined otherwise. */
  number(i: number): number | undefined {
    const c = this.col!;
    switch (c.tag(i)) {
      case NUM: case NUMTEXT: {
        const n = c.num(i);
        return Number.isFinite(n) ? n : undefined;
      }
      case STR: {
        if (this.dictNums === null || this.dictNums.length < c.dict.length) {
          const d = new Float64Array(c.dict.length);
          for (let k = 0; k < d.length; k++) d[k] = numberOf(c.dict[k]) ?? Number.NaN;
          this.dictNums = d;
        }
        const n = this.dictNums[c.code(i)];
        return Number.isNaN(n) ? undefined : n;
      }
      default: return undefined;
    }
  }

  /** labelOf(value) of a present cell: its category or class name. */
  label(i: number): string {
    const c = this.col!;
    switch (c.tag(i)) {
      case STR: return c.dict[c.code(i)];
      case NUM: case NUMTEXT: {
        const n = c.num(i);
        return Number.isFinite(n) ? String(n) : 'null';
      }
      case TRUE: return 'true';
      case FALSE: return 'false';
      default: return labelOf(c.value(i));
    }
  }

  value(i: number): unknown {
    return this.col?.value(i);
  }
}

/** The row list 0..n-1. */
export const allRows = (n: number): Int32Array => {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
};

/** The fields that rows have (a key present, even without a value), in the order the rows first show them; fields a row shows first together are in the table's order (a table keeps no per-row key order). */
export function fieldsIn(table: Table, rows: Int32Array): string[] {
  const first: { field: string; at: number; order: number }[] = [];
  table.fields.forEach((f, order) => {
    const col = table.column(f)!;
    for (let j = 0; j < rows.length; j++) {
      if (col.tag(rows[j]) !== 0) {
        first.push({ field: f, at: j, order });
        return;
      }
    }
  });
  return first.toSorted((a, b) => a.at - b.at || a.order - b.order).map((x) => x.field);
}

function std(sumSq: number, n: number): number {
  const s = Math.sqrt(sumSq / n);
  // A (nearly) constant column: use 1 so it maps to 0 rather than NaN or huge values; files are held to the same floor.
  return s >= STD_FLOOR ? s : 1;
}

/** Mean and std of the numbers in rows (in row order, summed as the record path summed them). */
function stats(cells: Cells, rows: Int32Array): { mean: number; std: number; n: number } {
  let sum = 0;
  let n = 0;
  for (let j = 0; j < rows.length; j++) {
    const x = cells.number(rows[j]);
    if (x !== undefined) {
      sum += x;
      n++;
    }
  }
  const m = sum / n;
  let ss = 0;
  for (let j = 0; j < rows.length; j++) {
    const x = cells.number(rows[j]);
    if (x !== undefined) ss += (x - m) ** 2;
  }
  return { mean: m, std: std(ss, n), n };
}

/**
 * A column's kind from its training cells, or the kind the user chose. The rule: all booleans → boolean; all arrays →
 * multi-hot; numbers (or strings holding numbers) in more than half of the present values → numeric, the other values
 * treated as missing and reported; otherwise strings → categorical (at most maxCategories distinct, of at most three
 * words on average) or hashed text.
 */
function inferColumn(field: string, cells: Cells, rows: Int32Array, textDim: number, maxCategories: number, chosen: FeatureType | undefined): { column: FeatureColumn; report: ColumnReport } | null {
  let present = 0;
  let numeric = 0;
  let missing = false;
  let allBool = true;
  let allArrays = true;
  let scalar = true;
  let firstPresent = -1;
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j];
    const t = cells.tag(i);
    if (noValue(t)) {
      missing = true;
      continue;
    }
    if (firstPresent < 0) firstPresent = i;
    present++;
    if (t === NUM && !Number.isFinite(cells.col!.num(i))) throw new DataError(field, 'holds Infinity');
    if (cells.number(i) !== undefined) numeric++;
    if (t !== TRUE && t !== FALSE) allBool = false;
    if (t !== OTHER) {
      allArrays = false;
    } else {
      scalar = false;
      if (!Array.isArray(cells.value(i))) allArrays = false;
    }
  }
  if (present === 0) return null; // no information: left out
  const kind = chosen ?? (allBool ? 'boolean' : allArrays ? 'multi_hot' : numeric * 2 > present ? 'numeric' : scalar ? 'strings' : 'mixed');
  const made = (column: FeatureColumn, nonNumeric: ColumnReport['non_numeric'] = null) => ({ column, report: { field, kind: column.kind, source: chosen ? 'configured' as const : 'inferred' as const, non_numeric: nonNumeric } });
  switch (kind) {
    case 'boolean': return made({ kind: 'boolean', field });
    case 'multi_hot': {
      const items = new Set<string>();
      for (let j = 0; j < rows.length; j++) {
        if (!cells.has(rows[j])) continue;
        for (const it of cells.value(rows[j]) as unknown[]) items.add(labelOf(it));
      }
      return made({ kind: 'multi_hot', field, items: [...items].toSorted() });
    }
    case 'numeric': {
      if (numeric === 0) throw new DataError(`training.feature_types.${field}`, `is 'numeric' but none of the training values of '${field}' is a number (e.g. ${exampleOf(cells.value(firstPresent))})`);
      let bad = 0;
      const examples = new Set<string>();
      for (let j = 0; j < rows.length; j++) {
        const i = rows[j];
        if (!cells.has(i) || cells.number(i) !== undefined) continue;
        bad++;
        if (examples.size < 3) examples.add(exampleOf(cells.value(i)));
      }
      const s = stats(cells, rows);
      return made({ kind: 'numeric', field, mean: s.mean, std: s.std, missingFlag: missing || bad > 0 }, bad === 0 ? null : { count: bad, examples: [...examples] });
    }
    case 'mixed': throw new DataError(field, 'mixes kinds of values that cannot be featurized together (e.g. objects and numbers)');
  }
  if (!scalar) throw new DataError(`training.feature_types.${field}`, `is '${kind}' but '${field}' holds arrays or objects`);
  if (kind === 'text') return made({ kind: 'text', field, dim: textDim });
  const distinct = new Set<string>();
  let words = 0;
  const wordsOf = new Map<string, number>();
  for (let j = 0; j < rows.length; j++) {
    if (!cells.has(rows[j])) continue;
    const s = cells.label(rows[j]);
    distinct.add(s);
    let w = wordsOf.get(s);
    if (w === undefined) wordsOf.set(s, (w = s.split(/\s+/).length));
    words += w;
  }
  if (kind === 'categorical') {
    if (distinct.size > MAX_CONFIGURED_CATEGORIES) throw new DataError(`training.feature_types.${field}`, `is 'categorical' but '${field}' has ${distinct.size} distinct values (at most ${MAX_CONFIGURED_CATEGORIES}); use 'text'`);
    return made({ kind: 'categorical', field, categories: [...distinct].toSorted() });
  }
  if (distinct.size <= maxCategories && words / present <= 3) return made({ kind: 'categorical', field, categories: [...distinct].toSorted() });
  return made({ kind: 'text', field, dim: textDim });
}

/**
 * Learns the schema from the given training rows of a table (no other row may influence it): the target's classes or
 * statistics, then each other field's kind and statistics.
 */
export function fitColumns(table: Table, rows: Int32Array, opts: FitOptions): { schema: FeatureSchema; report: FitReport } {
  if (rows.length === 0) throw new DataError('trainingData', 'must be a non-empty array of records');
  const fields = fieldsIn(table, rows);
  const { field, reason } = chooseTarget(fields, opts);
  const target = new Cells(table.column(field));
  let present = 0;
  let allNumbers = true;
  for (let j = 0; j < rows.length; j++) {
    const t = target.tag(rows[j]);
    if (noValue(t)) continue;
    present++;
    if (t !== NUM) allNumbers = false;
  }
  if (present === 0) throw new DataError(`target '${field}'`, 'is missing from every training record');
  const task: Task = opts.task ?? (allNumbers ? 'regression' : 'classification');
  let labels: string[] = [];
  let tMean = 0;
  let tStd = 1;
  if (task === 'classification') {
    const set = new Set<string>();
    for (let j = 0; j < rows.length; j++) if (target.has(rows[j])) set.add(target.label(rows[j]));
    labels = [...set].toSorted();
    if (labels.length < 2) throw new DataError(`target '${field}'`, `has a single class ('${labels[0]}'): nothing to learn`);
  } else {
    if (!allNumbers) throw new DataError(`target '${field}'`, 'must be numeric for regression');
    // The record path averaged every present target number, Infinity included.
    let sum = 0;
    for (let j = 0; j < rows.length; j++) if (target.has(rows[j])) sum += target.col!.num(rows[j]);
    tMean = sum / present;
    let ss = 0;
    for (let j = 0; j < rows.length; j++) if (target.has(rows[j])) ss += (target.col!.num(rows[j]) - tMean) ** 2;
    tStd = std(ss, present);
  }
  const chosen = opts.featureTypes ?? {};
  for (const f of Object.keys(chosen)) {
    if (f === field) throw new DataError(`training.feature_types.${f}`, `is the target '${field}'; feature_types sets the kinds of feature columns`);
    if (!fields.includes(f)) throw new DataError(`training.feature_types.${f}`, `is not a field of the training records (fields: ${fields.join(', ')})`);
  }
  const features: FeatureColumn[] = [];
  const report: FitReport = { columns: [], left_out: [] };
  for (const f of fields) {
    if (f === field) continue;
    const made = inferColumn(f, new Cells(table.column(f)), rows, opts.textDim ?? 64, opts.maxCategories ?? 32, Object.prototype.hasOwnProperty.call(chosen, f) ? chosen[f] : undefined);
    if (!made) {
      report.left_out.push(f);
      continue;
    }
    features.push(made.column);
    report.columns.push(made.report);
  }
  if (features.length === 0) throw new DataError('records', `have no usable feature fields besides the target '${field}'`);
  const width = features.reduce((sum, c) => sum + columnWidth(c), 0);
  return { schema: { version: 1, features, target: { field, task, labels, mean: tMean, std: tStd, reason }, width }, report };
}

/** How one feature column is written from its cells: a slot index per category or item, cached per dictionary code. */
class Writer {
  readonly cells: Cells;
  private readonly slotOf: Map<string, number> | null;
  private codeSlots: Int32Array | null = null;

  constructor(readonly c: FeatureColumn, col: Column | undefined) {
    this.cells = new Cells(col);
    this.slotOf = c.kind === 'categorical' ? new Map(c.categories.map((s, k) => [s, k])) : c.kind === 'multi_hot' ? new Map(c.items.map((s, k) => [s, k])) : null;
  }

  /** The category slot of a present cell, or -1 for one not seen in training. */
  private slot(i: number): number {
    const col = this.cells.col!;
    if (col.tag(i) === STR) {
      if (this.codeSlots === null || this.codeSlots.length < col.dict.length) {
        const s = new Int32Array(col.dict.length);
        for (let k = 0; k < s.length; k++) s[k] = this.slotOf!.get(col.dict[k]) ?? -1;
        this.codeSlots = s;
      }
      return this.codeSlots[col.code(i)];
    }
    return this.slotOf!.get(this.cells.label(i)) ?? -1;
  }

  /** Whether a present value is one the column cannot use (a non-number in a numeric column, a category or item not seen in training, a non-boolean in a boolean column). */
  unusable(i: number): boolean {
    if (!this.cells.has(i)) return false;
    switch (this.c.kind) {
      case 'numeric': return this.cells.number(i) === undefined;
      case 'boolean': {
        const t = this.cells.tag(i);
        return t !== TRUE && t !== FALSE;
      }
      case 'categorical': return this.slot(i) < 0;
      case 'multi_hot': {
        const v = this.cells.value(i);
        return !Array.isArray(v) || v.some((it) => !this.slotOf!.has(labelOf(it)));
      }
      case 'text': return false;
    }
  }

  /** Writes the cell's slots at out[at…] (which are zero). */
  write(i: number, out: Float32Array, at: number): void {
    const c = this.c;
    switch (c.kind) {
      case 'numeric': {
        const n = this.cells.has(i) ? this.cells.number(i) : undefined;
        out[at] = n === undefined ? 0 : (n - c.mean) / c.std;
        if (c.missingFlag) out[at + 1] = n === undefined ? 1 : 0;
        return;
      }
      case 'boolean': {
        const t = this.cells.tag(i);
        out[at] = t === TRUE ? 1 : t === FALSE ? 0 : 0.5;
        return;
      }
      case 'categorical': {
        if (!this.cells.has(i)) return;
        const k = this.slot(i);
        if (k >= 0) out[at + k] = 1;
        return;
      }
      case 'multi_hot': {
        const v = this.cells.has(i) ? this.cells.value(i) : undefined;
        if (!Array.isArray(v)) return;
        for (const it of v) {
          const k = this.slotOf!.get(labelOf(it));
          if (k !== undefined) out[at + k] = 1;
        }
        return;
      }
      case 'text': {
        if (!this.cells.has(i)) return;
        const toks = tokenize(this.cells.label(i));
        if (toks.length === 0) return;
        for (const t of toks) {
          const { index, sign } = featureSlot(t, 0x5eed, c.dim);
          out[at + index] += sign;
        }
        let ss = 0;
        for (let k = 0; k < c.dim; k++) ss += out[at + k] ** 2;
        const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
        for (let k = 0; k < c.dim; k++) out[at + k] *= inv;
      }
    }
  }
}

export function writersFor(schema: FeatureSchema, table: Table): Writer[] {
  return schema.features.map((c) => new Writer(c, table.column(c.field)));
}

/** Writes row i's feature vector at out[at … at+width) (zeros expected there). */
export function writeRow(writers: Writer[], i: number, out: Float32Array, at: number): void {
  for (const w of writers) {
    w.write(i, out, at);
    at += columnWidth(w.c);
  }
}

/** Which of the rows have a usable target, and their class index or standardised value (records without one are skipped and said why). */
export interface TargetPlan {
  /** Table rows kept, in the order given. */
  kept: Int32Array;
  y: Int32Array | Float32Array;
  skipped: { index: number; reason: string }[];
  /** Rows skipped for a class the schema had not seen. */
  unseenLabels: number;
}

export function planTargets(schema: FeatureSchema, table: Table, rows: Int32Array): TargetPlan {
  const { target } = schema;
  const cells = new Cells(table.column(target.field));
  const kept = new Int32Array(rows.length);
  const y = target.task === 'classification' ? new Int32Array(rows.length) : new Float32Array(rows.length);
  const skipped: TargetPlan['skipped'] = [];
  const classOf = new Map(target.labels.map((l, k) => [l, k]));
  let n = 0;
  let unseenLabels = 0;
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j];
    if (!cells.has(i)) {
      skipped.push({ index: j, reason: `no '${target.field}'` });
      continue;
    }
    if (target.task === 'classification') {
      const label = cells.label(i);
      const c = classOf.get(label);
      if (c === undefined) {
        skipped.push({ index: j, reason: `class '${label}' was not in the training data` });
        unseenLabels++;
        continue;
      }
      y[n] = c;
    } else {
      const v = cells.tag(i) === NUM ? cells.col!.num(i) : Number.NaN;
      if (!Number.isFinite(v)) {
        skipped.push({ index: j, reason: `'${target.field}' is not a finite number` });
        continue;
      }
      y[n] = (v - target.mean) / target.std;
    }
    kept[n++] = i;
  }
  return { kept: kept.slice(0, n), y: y.slice(0, n), skipped, unseenLabels };
}

/**
 * The design matrix of the planned rows, written into `x` (n × width, zeros; a fresh array when not given), with what
 * their values held that the schema had not seen.
 */
export function encodePlan(schema: FeatureSchema, table: Table, plan: TargetPlan, x = new Float32Array(plan.kept.length * schema.width)): Encoded {
  const writers = writersFor(schema, table);
  const w = schema.width;
  const unseen: Unseen = { labels: plan.unseenLabels, categories: Object.create(null) as Record<string, number>, non_numeric: Object.create(null) as Record<string, number> };
  for (let r = 0; r < plan.kept.length; r++) {
    const i = plan.kept[r];
    for (const wr of writers) {
      if (!wr.unusable(i)) continue;
      const counts = wr.c.kind === 'numeric' ? unseen.non_numeric : unseen.categories;
      counts[wr.c.field] = (counts[wr.c.field] ?? 0) + 1;
    }
    writeRow(writers, i, x, r * w);
  }
  return { x, y: plan.y, n: plan.kept.length, skipped: plan.skipped, unseen };
}

/** Rows of a table with their targets → arrays for training (planTargets, then encodePlan). */
export function encodeRows(schema: FeatureSchema, table: Table, rows: Int32Array): Encoded {
  return encodePlan(schema, table, planTargets(schema, table, rows));
}

/** Fields of a schema whose present value in row i it cannot use (encoded as missing). */
export function unusableFields(schema: FeatureSchema, table: Table, i: number): string[] {
  return writersFor(schema, table).filter((w) => w.unusable(i)).map((w) => w.c.field);
}
