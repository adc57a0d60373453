// Writes the same seeded table as scripts/gen-table.mjs (same rows for the same seed) as Parquet with hyparquet-writer: 20 DOUBLE columns and an INT32 label.
// Usage: node scripts/gen-parquet.mjs --rows 1000000 --out big.parquet [--seed 7]
import { parquetWriteFile } from 'hyparquet-writer';
import { header, rows } from './gen-table.mjs';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const n = Number(arg('rows', '10000'));
const out = arg('out');
const seed = Number(arg('seed', '7'));
if (!out || !Number.isInteger(n) || n < 1) {
  console.error('usage: node scripts/gen-parquet.mjs --rows N --out file.parquet [--seed 7]');
  process.exit(2);
}
const columns = header.slice(0, -1).map(() => new Float64Array(n));
const label = new Int32Array(n);
let i = 0;
for (const r of rows(n, seed)) {
  for (let c = 0; c < columns.length; c++) columns[c][i] = r.x[c];
  label[i++] = r.label;
}
parquetWriteFile({
  filename: out,
  columnData: [...columns.map((data, c) => ({ name: header[c], data, type: 'DOUBLE', nullable: false })), { name: 'label', data: label, type: 'INT32', nullable: false }],
});
