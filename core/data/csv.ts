// RFC 4180 CSV parsing into records: quoted fields, escaped quotes, CRLF/LF/CR, a header row; numbers and empties typed per column.

export type CsvValue = string | number | null;

export class CsvError extends Error {
  constructor(readonly line: number, message: string) {
    super(`CSV line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

/** Splits text into rows of raw string fields. A final line break does not make an empty row. */
export function parseCsvRows(text: string, delimiter = ','): string[][] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new RangeError(`CSV delimiter must be one character other than a quote or line break (got ${JSON.stringify(delimiter)})`);
  }
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  /** A quoted field just closed: only a delimiter or line break may follow. */
  let closed = false;
  let line = 1;
  let fieldStartLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a UTF-8 BOM from spreadsheet exports
  const endField = () => {
    row.push(field);
    field = '';
    closed = false;
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          closed = true;
        }
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"') {
      if (field.length > 0 || closed) throw new CsvError(line, 'a quote inside an unquoted field (quote the whole field and double inner quotes)');
      quoted = true;
      fieldStartLine = line;
    } else if (ch === delimiter) endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
    } else {
      if (closed) throw new CsvError(line, `unexpected ${JSON.stringify(ch)} after a closing quote`);
      field += ch;
    }
  }
  if (quoted) throw new CsvError(fieldStartLine, 'a quoted field is never closed');
  if (field.length > 0 || row.length > 0 || closed) endRow();
  return rows;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Rows with a header → records. A column whose non-empty cells all look like numbers becomes numbers;
 * empty cells become null (missing). Blank lines are skipped; a row with a different field count is an error.
 */
export function parseCsv(text: string, delimiter = ','): { columns: string[]; records: Record<string, CsvValue>[] } {
  const rows = parseCsvRows(text, delimiter).filter((r) => !(r.length === 1 && r[0].trim() === ''));
  if (rows.length === 0) throw new CsvError(1, 'the file is empty (a header row is needed)');
  const columns = rows[0].map((c) => c.trim());
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    if (c === '') throw new CsvError(1, `header column ${i + 1} has no name`);
    if (seen.has(c)) throw new CsvError(1, `header column '${c}' appears twice`);
    seen.add(c);
  });
  const body = rows.slice(1);
  body.forEach((r, i) => {
    if (r.length !== columns.length) throw new CsvError(i + 2, `${r.length} fields, the header has ${columns.length}`);
  });
  const numeric = columns.map((_, c) => body.every((r) => r[c].trim() === '' || NUMBER.test(r[c].trim())) && body.some((r) => r[c].trim() !== ''));
  // Object.create(null): column names such as __proto__ are plain keys, not prototype setters.
  const records = body.map((r) => {
    const rec = Object.create(null) as Record<string, CsvValue>;
    columns.forEach((name, c) => {
      const cell = r[c].trim();
      rec[name] = cell === '' ? null : numeric[c] ? Number(cell) : r[c];
    });
    return rec;
  });
  return { columns, records };
}
