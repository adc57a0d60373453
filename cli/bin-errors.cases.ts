// Bin test cases for a user's mistakes and hostile inputs: each is refused with a line naming the problem (no stack trace), the documented exit code, and nothing trained or written first.
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { MAX_EPOCHS } from '../core/models/config';
import { BIN, isCleanError, safla, spawnCollect } from './bin-support';

type Case = [title: string, args: string[], code: number, message: RegExp];

export function errorCases(folder: () => string): void {
  const p = (name: string) => join(folder(), name);

  it('refuses bad inputs cleanly, before training', async () => {
    await writeFile(p('string.json'), JSON.stringify('a config that is a string'));
    await writeFile(p('empty.json'), '');
    await writeFile(p('numbers.json'), '[1,2,3]');
    await writeFile(p('not-records.json'), JSON.stringify({ trainingData: 'rows' }));
    await writeFile(p('empty.csv'), '');
    await writeFile(p('a-file'), 'x');
    await mkdir(p('a-folder'), { recursive: true });
    const train = ['neural', 'train', '--model', 'iris-mlp.json', '--data', 'iris.json'];
    const cases: Case[] = [
      ['--pattern bogus', ['neural', 'train', '--pattern', 'bogus', '--data', 'iris.json'], 1, /pattern_type must be one of coordination, optimization, prediction \(got "bogus"\)/],
      ['a config that is a JSON string', ['neural', 'train', '--model', 'string.json', '--data', 'iris.json'], 1, /string\.json: \(root\) must be a JSON object/],
      ['an empty config file', ['neural', 'train', '--model', 'empty.json', '--data', 'iris.json'], 1, /empty\.json is not valid JSON/],
      ['a folder as the config', ['neural', 'train', '--model', 'a-folder', '--data', 'iris.json'], 1, /a-folder: it is a folder, not a file/],
      ['a folder as the data', ['neural', 'train', '--pattern', 'prediction', '--data', 'a-folder'], 1, /a-folder: it is a folder, not a file/],
      ['a device as the data', ['neural', 'train', '--pattern', 'prediction', '--data', '/dev/zero'], 1, /\/dev\/zero: it is not a regular file/],
      ['a missing data file', ['neural', 'train', '--pattern', 'prediction', '--data', 'nothing.json'], 1, /nothing\.json: no such file or folder/],
      ['data that is not records', ['neural', 'train', '--pattern', 'prediction', '--data', 'not-records.json'], 1, /training_data\.trainingData must be an array of records/],
      ['records that are numbers', ['neural', 'train', '--pattern', 'prediction', '--data', 'numbers.json'], 1, /trainingData\[0\] must be an object/],
      ['an empty CSV', ['neural', 'train', '--pattern', 'prediction', '--data', 'empty.csv'], 1, /empty\.csv: /],
      ['no --data', ['neural', 'train', '--pattern', 'prediction'], 2, /--data <value> is required/],
      ['--epochs past the config limit', [...train, '--epochs', String(MAX_EPOCHS + 1)], 2, new RegExp(`--epochs must be at most ${MAX_EPOCHS}`)],
      ['--epochs 0', [...train, '--epochs', '0'], 2, /--epochs must be a positive integer/],
      ['--epochs 2.5', [...train, '--epochs', '2.5'], 2, /--epochs must be a positive integer/],
      ['--epochs -3', [...train, '--epochs=-3'], 2, /--epochs must be a positive integer/],
      ['--epochs 1e9', [...train, '--epochs', '1e9'], 2, /--epochs must be a positive integer/],
      ['--out that is a folder', [...train, '--out', 'a-folder'], 2, /--out a-folder is a folder: give a file name/],
      ['--out through a file', [...train, '--out', 'a-file/m.clf'], 1, /--out a-file\/m\.clf: cannot write into .*a-file: a part of that path is a file/],
      ['--state that is a file', [...train, '--state', 'a-file'], 1, /state folder .*a-file is a file, not a folder/],
      ['an unknown option', [...train, '--learning-rate', '0.1'], 2, /Unknown option '--learning-rate'/],
      // Node 20's own mkdir -p never returns on such paths; ours says why it cannot.
      ['--out where no folder can be made', [...train, '--out', '/proc/safla-test/m.clf'], 1, /--out \/proc\/safla-test\/m\.clf: cannot write into \/proc\/safla-test: no such file or folder/],
      ['--state where no folder can be made', [...train, '--state', '/proc/safla-test'], 1, /cannot create the state folder \/proc\/safla-test: no such file or folder/],
    ];
    for (const [title, args, code, message] of cases) {
      const r = await safla(folder(), ...args);
      expect(r.code, title).toBe(code);
      expect(isCleanError(r.stderr), `${title}: ${r.stderr}`).toBe(true);
      expect(r.stderr, title).toMatch(message);
      expect(r.stdout, `${title} trained first`).not.toMatch(/Epoch/);
    }
    expect((await readdir(folder())).filter((f) => f.endsWith('.clf'))).toEqual([]);
  }, 120_000);

  it('--out into a missing folder creates it', async () => {
    const r = await safla(folder(), 'neural', 'train', '--model', 'iris-mlp.json', '--data', 'iris.json', '--epochs', '5', '--out', 'new/deeper/m.clf', '--json');
    expect(r.code).toBe(0);
    expect(existsSync(p('new/deeper/m.clf'))).toBe(true);
  });

  it('refuses bad predict, quantize and export inputs cleanly', async () => {
    await writeFile(p('numbers.json'), '[1,2,3]');
    await writeFile(p('empty.json'), '');
    await writeFile(p('junk.clf'), 'not a model');
    await safla(folder(), 'neural', 'train', '--model', 'iris-mlp.json', '--data', 'iris.json', '--epochs', '5', '--out', 'm.clf');
    const cases: Case[] = [
      ['quantize --data [1,2,3]', ['neural', 'quantize', '--model', 'm.clf', '--data', 'numbers.json'], 1, /numbers\.json: data: trainingData\[0\] must be an object/],
      ['predict on numbers', ['neural', 'predict', '--model', 'm.clf', '--input', 'numbers.json'], 1, /numbers\.json: input 0 must be a JSON object/],
      ['predict on an empty file', ['neural', 'predict', '--model', 'm.clf', '--input', 'empty.json'], 1, /empty\.json is not valid JSON/],
      ['an empty model file', ['neural', 'predict', '--model', 'empty.json', '--input', 'flower.json'], 1, /empty\.json: model file: 0 bytes is too short/],
      ['a junk model file', ['neural', 'predict', '--model', 'junk.clf', '--input', 'flower.json'], 1, /junk\.clf: model file:/],
      ['a model that does not exist', ['neural', 'predict', '--model', 'missing.clf', '--input', 'flower.json'], 1, /missing\.clf.*(no such file|ENOENT)/],
      ['an unknown registry id', ['neural', 'predict', '--model', 'nobody', '--input', 'flower.json'], 1, /no model "nobody": not in the registry/],
      ['a malformed version', ['neural', 'predict', '--model', 'nobody@1', '--input', 'flower.json'], 2, /the version after @ must look like 1\.2\.0/],
      ['--k 0', ['neural', 'predict', '--model', 'm.clf', '--input', 'flower.json', '--k', '0'], 2, /--k must be a positive integer/],
      ['--k 1.5', ['neural', 'predict', '--model', 'm.clf', '--input', 'flower.json', '--k', '1.5'], 2, /--k must be a positive integer/],
      ['--k -3', ['neural', 'predict', '--model', 'm.clf', '--input', 'flower.json', '--k=-3'], 2, /--k must be a positive integer/],
      ['--k 101', ['neural', 'predict', '--model', 'm.clf', '--input', 'flower.json', '--k', '101'], 2, /--k must be at most 100/],
      ['--bits 4', ['neural', 'quantize', '--model', 'm.clf', '--bits', '4'], 2, /only 8-bit quantization/],
      ['export --format bogus', ['neural', 'export', '--model', 'm.clf', '--format', 'tflite'], 2, /--format must be onnx or clf/],
      ['export --output a folder', ['neural', 'export', '--model', 'm.clf', '--format', 'onnx', '--output', 'a-folder'], 2, /--output a-folder is a folder/],
      ['an unknown command', ['neural', 'fly'], 2, /unknown command 'neural fly'/],
      ['a stray argument', ['neural', 'status', 'now'], 2, /unexpected arguments: now/],
      ['import --name ""', ['neural', 'import', '--file', 'm.clf', '--name', ''], 2, /--name must not be empty/],
      ['import --name with a path', ['neural', 'import', '--file', 'm.clf', '--name', '../up'], 1, /modelId "\.\.\/up" may hold letters, digits/],
    ];
    for (const [title, args, code, message] of cases) {
      const r = await safla(folder(), ...args);
      expect(r.code, title).toBe(code);
      expect(isCleanError(r.stderr), `${title}: ${r.stderr}`).toBe(true);
      expect(r.stderr, title).toMatch(message);
    }
  }, 120_000);

  it('ends quietly when its reader stops reading (| head): no EPIPE stack', async () => {
    // 3,000 predictions are far more than a pipe buffer: head takes 100 bytes and closes the pipe while safla still writes.
    const inputs = Array.from({ length: 3000 }, (_, i) => ({ sepal_length: 5 + (i % 20) / 10, sepal_width: 3, petal_length: 1 + (i % 50) / 10, petal_width: 1 }));
    await writeFile(p('many.json'), JSON.stringify(inputs));
    const r = await spawnCollect('sh', ['-c', `"${process.execPath}" "${BIN}" neural predict --model m.clf --input many.json --json | head -c 100`], { cwd: folder() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[/);
    expect(r.stderr).toBe('');
  }, 120_000);

  it('a state database that is not SQLite is named, not crashed on', async () => {
    await mkdir(p('broken-state'), { recursive: true });
    await writeFile(p('broken-state/memory.db'), 'this is not a database, just text long enough to have a header'.repeat(20));
    const r = await safla(folder(), 'memory', 'list', '--state', 'broken-state');
    expect(r.code).toBe(1);
    expect(isCleanError(r.stderr), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/broken-state\/memory\.db is not a SAFLA state database/);
  });
}
