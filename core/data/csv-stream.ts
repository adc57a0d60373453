// Streaming RFC 4180 CSV/TSV parser over byte chunks into typed columns: numbers parsed from the bytes, strings dictionary-encoded; the same rules as parseCsv (core/data/csv.ts) without records.
import { utf8Decode } from '../format/utf8';
import { CsvError } from './csv';
import { parseDecimal } from './number-bytes';
import { NUM, STR, TableBuilder } from './table';

const QUOTE = 34;
const LF = 10;
const CR = 13;
/** A row longer than this is refused: it is almost always a quote that is never closed, and it would be held whole. */
export const MAX_ROW_BYTES = 16 * 1024 * 1024;

/** ASCII whitespace as String.prototype.trim sees it (tab, line breaks, vertical tab, form feed, space). */
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

export class CsvStreamReader {
  readonly table = new TableBuilder();
  /** Bytes pushed so far. */
  bytes = 0;
  private pending: Uint8Array = new Uint8Array(0);
  private header: string[] | null = null;
  /** Physical line (1-based) where the next row starts. */
  private line = 1;
  private first = true;
  private readonly delim: number;
  // Field bounds of the row being read, reused: start, end, and whether "" escapes need undoing.
  private fs = new Int32Array(64);
  private fe = new Int32Array(64);
  private fq = new Uint8Array(64);

  constructor(delimiter = ',') {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r' || delimiter.charCodeAt(0) > 127) {
      throw new RangeError(`CSV delimiter must be one ASCII character other than a quote or line break (got ${JSON.stringify(delimiter)})`);
    }
    this.delim = delimiter.charCodeAt(0);
  }

  /** Rows of data read so far (the header is not one). */
  get rows(): number {
    return this.table.rows;
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    let buf = chunk;
    if (this.pending.length > 0) {
      buf = new Uint8Array(this.pending.length + chunk.length);
      buf.set(this.pending);
      buf.set(chunk, this.pending.length);
    }
    if (this.first && buf.length >= 3) {
      // A UTF-8 BOM from spreadsheet exports.
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      this.first = false;
    }
    const used = this.parse(buf, false);
    if (buf.length - used > MAX_ROW_BYTES) throw new CsvError(this.line, `a row is longer than ${MAX_ROW_BYTES / 1024 / 1024} MB (a quoted field that is never closed?)`);
    this.pending = buf.slice(used);
  }

  /** Ends the input: the last row may lack a line break. Returns the table (CSV columns of numbers and text hold text, as parseCsv's). */
  finish(): TableBuilder {
    let buf = this.pending;
    if (this.first && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    this.parse(buf, true);
    this.pending = new Uint8Array(0);
    if (this.header === null) throw new CsvError(1, 'the file is empty (a header row is needed)');
    for (const c of this.table.columns) if (c.counts[NUM] > 0 && c.counts[STR] > 0) c.numbersAsText();
    return this.table;
  }

  /** Reads the complete rows of buf; returns how many bytes they took (the rest waits for more input unless final). */
  private parse(buf: Uint8Array, final: boolean): number {
    const end = buf.length;
    const d = this.delim;
    let i = 0;
    for (;;) {
      if (i >= end) return i;
      const rowStart = i;
      let nf = 0;
      let lines = 0;
      let complete = false;
      for (;;) {
        if (nf === this.fs.length) this.growFields();
        if (i < end && buf[i] === QUOTE) {
          let j = i + 1;
          let escaped = false;
          for (;;) {
            j = buf.indexOf(QUOTE, j);
            if (j < 0) {
              if (final) throw new CsvError(this.line, 'a quoted field is never closed');
              return rowStart;
            }
            if (j + 1 < end && buf[j + 1] === QUOTE) {
              escaped = true;
              j += 2;
              continue;
            }
            if (j + 1 >= end && !final) return rowStart;
            break;
          }
          for (let k = i + 1; k < j; k++) if (buf[k] === LF) lines++;
          this.fs[nf] = i + 1;
          this.fe[nf] = j;
          this.fq[nf] = escaped ? 2 : 1;
          nf++;
          i = j + 1;
          if (i < end && buf[i] === d) {
            i++;
            continue;
          }
          if (i < end && buf[i] !== LF && buf[i] !== CR) throw new CsvError(this.line + lines, `unexpected ${JSON.stringify(String.fromCharCode(buf[i]))} after a closing quote`);
        } else {
          let j = i;
          while (j < end) {
            const c = buf[j];
            if (c === d || c === LF || c === CR) break;
            if (c === QUOTE) throw new CsvError(this.line, 'a quote inside an unquoted field (quote the whole field and double inner quotes)');
            j++;
          }
          if (j >= end && !final) return rowStart;
          this.fs[nf] = i;
          this.fe[nf] = j;
          this.fq[nf] = 0;
          nf++;
          i = j;
          if (i < end && buf[i] === d) {
            i++;
            continue;
          }
        }
        // End of the row: a line break (CRLF, LF or CR) or the end of the input.
        if (i < end && buf[i] === CR) {
          if (i + 1 >= end && !final) return rowStart;
          i++;
          if (i < end && buf[i] === LF) i++;
        } else if (i < end && buf[i] === LF) i++;
        complete = true;
        break;
      }
      if (complete) {
        this.row(buf, nf);
        this.line += lines + 1;
      }
    }
  }

  private growFields(): void {
    const n = this.fs.length * 2;
    const fs = new Int32Array(n);
    fs.set(this.fs);
    const fe = new Int32Array(n);
    fe.set(this.fe);
    const fq = new Uint8Array(n);
    fq.set(this.fq);
    this.fs = fs;
    this.fe = fe;
    this.fq = fq;
  }

  private text(buf: Uint8Array, f: number): string {
    const s = this.fs[f];
    const e = this.fe[f];
    let ascii = e - s <= 24;
    for (let k = s; ascii && k < e; k++) if (buf[k] > 127) ascii = false;
    let out = '';
    if (ascii) for (let k = s; k < e; k++) out += String.fromCharCode(buf[k]);
    else {
      try {
        out = utf8Decode(buf.subarray(s, e));
      } catch {
        throw new CsvError(this.line, 'is not UTF-8 text');
      }
    }
    return this.fq[f] === 2 ? out.replaceAll('""', '"') : out;
  }

  private row(buf: Uint8Array, nf: number): void {
    // A blank line (one field of nothing but spaces) is skipped, as parseCsv skips it.
    if (nf === 1) {
      let s = this.fs[0];
      let e = this.fe[0];
      while (s < e && isSpace(buf[s])) s++;
      while (e > s && isSpace(buf[e - 1])) e--;
      if (s === e || this.text(buf, 0).trim() === '') return;
    }
    if (this.header === null) {
      const names = Array.from({ length: nf }, (_, f) => this.text(buf, f).trim());
      const seen = new Set<string>();
      names.forEach((c, k) => {
        if (c === '') throw new CsvError(this.line, `header column ${k + 1} has no name`);
        if (seen.has(c)) throw new CsvError(this.line, `header column '${c}' appears twice`);
        seen.add(c);
        this.table.add(c);
      });
      this.header = names;
      return;
    }
    if (nf !== this.header.length) throw new CsvError(this.line, `${nf} fields, the header has ${this.header.length}`);
    const r = this.table.rows;
    const cols = this.table.columns;
    for (let f = 0; f < nf; f++) {
      const col = cols[f];
      let s = this.fs[f];
      let e = this.fe[f];
      while (s < e && isSpace(buf[s])) s++;
      while (e > s && isSpace(buf[e - 1])) e--;
      if (s === e) {
        col.setMissing(r);
        continue;
      }
      const n = this.fq[f] === 2 ? undefined : parseDecimal(buf, s, e);
      if (n !== undefined) {
        col.setNum(r, n);
        continue;
      }
      const t = this.text(buf, f);
      // Other whitespace (a no-break space) trims to nothing too, as String.prototype.trim does.
      if (t.trim() === '') col.setMissing(r);
      else col.setStr(r, t);
    }
    this.table.rows = r + 1;
  }
}
