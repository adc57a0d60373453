// Bin test cases for data files at scale: every format (CSV, TSV, JSON, JSON Lines, Parquet) trains the same model, a 0/1 label is two classes, limits and bad files stop with one line, progress goes to stderr, Ctrl-C saves nothing.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { expect, it } from 'vitest';
import { irisRecords } from '../core/datasets/iris.fixture';
import { interruptWhen, isCleanError, safla, spawnCollect } from './bin-support';

type Row = Record<string, string | number>;

const csvOf = (rows: Row[], sep = ','): string => `${Object.keys(rows[0]).join(sep)}\n${rows.map((r) => Object.values(r).join(sep)).join('\n')}\n`;

function parquetOf(rows: Row[]): Uint8Array {
  const names = Object.keys(rows[0]);
  return new Uint8Array(parquetWriteBuffer({
    columnData: names.map((name) => typeof rows[0][name] === 'number'
      ? { name, data: Float64Array.from(rows, (r) => r[name] as number), type: 'DOUBLE' as const }
      : { name, data: rows.map((r) => String(r[name])), type: 'STRING' as const }),
  }));
}

export function dataCases(folder: () => string): void {
  const p = (name: string) => join(folder(), name);
  const iris = irisRecords() as unknown as Row[];

  it('trains the same model from CSV, TSV, JSON, JSON Lines and Parquet files of the same rows', async () => {
    await writeFile(p('iris.csv'), csvOf(iris));
    await writeFile(p('iris.tsv'), csvOf(iris, '\t'));
    await writeFile(p('iris.jsonl'), iris.map((r) => JSON.stringify(r)).join('\n'));
    await writeFile(p('iris-array.json'), JSON.stringify(iris));
    await writeFile(p('iris.parquet'), parquetOf(iris));
    const results = [];
    for (const f of ['iris.csv', 'iris.tsv', 'iris.jsonl', 'iris-array.json', 'iris.parquet']) {
      const r = await safla(folder(), 'neural', 'train', '--model', 'iris-mlp.json', '--data', f, '--epochs', '20', '--out', `${f}.clf`, '--json');
      expect(r.code, `${f}: ${r.stderr}`).toBe(0);
      expect(r.stderr, f).toBe('');
      results.push(JSON.parse(r.stdout));
    }
    for (const r of results) {
      expect(r.details).toMatchObject({ train_records: 105, validation_records: 45, target: 'species', task: 'classification', labels: ['setosa', 'versicolor', 'virginica'] });
      // Same rows, same seed: the same split, featurizer and weights, so the same measured accuracy and loss.
      expect(r.accuracy).toBe(results[0].accuracy);
      expect(r.details.val_loss).toBe(results[0].details.val_loss);
    }
  }, 120_000);

  it('a numeric 0/1 label with the default (softmax) network trains as two classes and says why', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => {
      const a = Math.sin(i * 1.7);
      const b = Math.cos(i * 0.9);
      return { a, b, label: a + b > 0 ? 1 : 0 };
    });
    await writeFile(p('binary.csv'), csvOf(rows));
    const r = await safla(folder(), 'neural', 'train', '--pattern', 'prediction', '--data', 'binary.csv', '--epochs', '30', '--json');
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.details).toMatchObject({ task: 'classification', labels: ['0', '1'], target: 'label' });
    expect(o.details.target_inference.reason).toMatch(/2 distinct whole numbers \(0, 1\) and the output layer is softmax: taken as 2 classes/);
    expect(o.accuracy).toBeGreaterThan(0.8);
    const forced = await safla(folder(), 'neural', 'train', '--pattern', 'prediction', '--data', 'binary.csv', '--epochs', '1', '--task', 'regression');
    expect(forced.code).toBe(1);
    expect(forced.stderr).toMatch(/^safla: a regression target \('label'\) needs a linear output \(got softmax\)$/m);
  }, 60_000);

  /** Model versions saved in the folder's state so far. */
  const versions = async (): Promise<number> => JSON.parse((await safla(folder(), 'neural', 'status', '--json')).stdout).models.versions as number;

  it('--max-rows and --max-memory stop a file that is too big with its size and the limit, before training', async () => {
    const before = await versions();
    const rows = await safla(folder(), 'neural', 'train', '--model', 'iris-mlp.json', '--data', 'iris.csv', '--max-rows', '100');
    expect(rows.code).toBe(1);
    expect(rows.stderr).toBe('safla: iris.csv: has more than 100 rows, the limit (--max-rows 100)\n');
    const big = Array.from({ length: 150_000 }, (_, i) => ({ a: i, b: i % 7, c: (i * 13) % 11, label: i % 2 }));
    await writeFile(p('big.csv'), csvOf(big));
    const mem = await safla(folder(), 'neural', 'train', '--pattern', 'prediction', '--data', 'big.csv', '--max-memory', '1');
    expect(mem.code).toBe(1);
    // Refused after the first MiB: the file's size at the rate of its first rows.
    expect(mem.stderr).toMatch(/^safla: big\.csv: holds about [\d,]+ rows × 4 columns \(\d+ MB at the rate of its first [\d,]+ rows\), which need about \d+ MB in memory, over the budget of 1 MB \(--max-memory 1 \(MiB\)\)\n$/);
    expect(await versions()).toBe(before);
  }, 60_000);

  it('refuses bad data files and flags with one line naming the file and the problem', async () => {
    await writeFile(p('bad.jsonl'), '{"a": 1, "label": "x"}\n{"a": 2, "label": "y"}\n{"a": 3, label}\n');
    await writeFile(p('scalar.jsonl'), '{"a": 1, "label": "x"}\n[1, 2]\n');
    await writeFile(p('ragged.tsv'), 'a\tb\tlabel\n1\t2\tx\n3\t4\n');
    await writeFile(p('fake.parquet'), 'PAR1 this is not parquet');
    await writeFile(p('broken.json'), '{"trainingData": [{"a": 1, "label": "x"}, {"a": 2,');
    const cases: [string[], number, RegExp][] = [
      [['--data', 'bad.jsonl'], 1, /^safla: bad\.jsonl is not valid JSON: line 3: .+$/m],
      [['--data', 'scalar.jsonl'], 1, /^safla: scalar\.jsonl: data: line 2 must be a JSON object \(a record\)$/m],
      [['--data', 'ragged.tsv'], 1, /^safla: ragged\.tsv: CSV line 3: 2 fields, the header has 3$/m],
      [['--data', 'fake.parquet'], 1, /^safla: fake\.parquet: is not a Parquet file hyparquet can read \(.+\)$/m],
      [['--data', 'broken.json'], 1, /^safla: broken\.json is not valid JSON: Unexpected end of JSON input$/m],
      [['--data', 'iris.csv', '--task', 'clustering'], 2, /^safla: --task must be classification or regression \(got "clustering"\)$/m],
      [['--data', 'iris.csv', '--max-rows', '0'], 2, /^safla: --max-rows must be a positive integer \(got "0"\)$/m],
      [['--data', 'iris.csv', '--max-memory', 'lots'], 2, /^safla: --max-memory must be a positive integer \(got "lots"\)$/m],
    ];
    for (const [args, code, message] of cases) {
      const r = await safla(folder(), 'neural', 'train', '--pattern', 'prediction', ...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(isCleanError(r.stderr), r.stderr).toBe(true);
    }
  }, 60_000);

  it('--progress reports bytes, rows and rows/s on stderr; --json keeps stdout one JSON document', async () => {
    const r = await safla(folder(), 'neural', 'train', '--model', 'iris-mlp.json', '--data', 'iris.csv', '--epochs', '2', '--progress', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^read iris\.csv: 150 rows, \d+ KB in \d+\.\d s \([\d,.M]+ rows\/s\)$/m);
    expect(r.stderr).toMatch(/^featurized 105 training and 45 validation rows × 4 features in \d+\.\d s$/m);
    expect(JSON.parse(r.stdout).success).toBe(true);
  }, 60_000);

  it('Ctrl-C while reading a large file stops at once, exits 130 and saves nothing', async () => {
    const before = await versions();
    const made = await spawnCollect(process.execPath, ['scripts/gen-table.mjs', '--rows', '400000', '--out', p('large.csv')], { cwd: process.cwd() });
    expect(made.code, made.stderr).toBe(0);
    const { code, stderr } = await interruptWhen(folder(), ['neural', 'train', '--pattern', 'prediction', '--data', 'large.csv', '--progress', '--out', 'large.clf'], { stream: 'stderr', pattern: /^reading large\.csv: /m });
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/^safla: cancelled by SIGINT: stopped reading large\.csv; nothing was trained or saved$/m);
    expect(await versions()).toBe(before);
  }, 60_000);

  it('Ctrl-C while training stops within the epoch, exits 130 and saves nothing', async () => {
    const before = await versions();
    const { code, stderr } = await interruptWhen(folder(), ['neural', 'train', '--pattern', 'prediction', '--data', 'large.csv', '--epochs', '50', '--out', 'large.clf'], { stream: 'stdout', pattern: /^Epoch 1\/50: /m });
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/^safla: cancelled by SIGINT: training stopped after \d+ of 50 epochs; nothing was written or saved$/m);
    expect(await versions()).toBe(before);
  }, 60_000);
}
