// The `safla` command line: parses arguments and dispatches to the command modules; main() returns the exit status.
import { parseArgs } from 'node:util';
import { CliError, processIo, type CliIo } from './io';
import { neuralExport, neuralPredict, neuralQuantize, neuralTrain, type Flags } from './neural';

export const USAGE = `safla — SAFLA Lab's engine from the command line

  safla neural train    --model cfg.json | --pattern <type>  --data data.json|data.csv
                        [--epochs N] [--target field] [--seed N] [--validate] [--out model.clf] [--json]
  safla neural predict  --model model.clf --input record.json [--k 9] [--json]
  safla neural quantize --model model.clf [--bits 8] [--data data.json] [--out model.int8.clf] [--json]
  safla neural export   --model model.clf --format onnx|clf [--output file] [--json]

--json prints the same result objects as the app's worker API.`;

const OPTIONS = {
  model: { type: 'string' }, data: { type: 'string' }, epochs: { type: 'string' }, target: { type: 'string' },
  seed: { type: 'string' }, validate: { type: 'boolean' }, out: { type: 'string' }, output: { type: 'string' },
  json: { type: 'boolean' }, input: { type: 'string' }, k: { type: 'string' }, bits: { type: 'string' },
  format: { type: 'string' }, pattern: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

const COMMANDS: Record<string, (io: CliIo, flags: Flags) => Promise<void>> = {
  train: neuralTrain, predict: neuralPredict, quantize: neuralQuantize, export: neuralExport,
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (e) {
      throw new CliError(`${(e as Error).message}\n\n${USAGE}`, 2);
    }
    const [group, command, ...rest] = parsed.positionals;
    if (parsed.values.help || group === undefined) {
      io.out(USAGE);
      return 0;
    }
    if (group !== 'neural' || command === undefined || !(command in COMMANDS)) {
      throw new CliError(`unknown command '${[group, command].filter(Boolean).join(' ')}'\n\n${USAGE}`, 2);
    }
    if (rest.length > 0) throw new CliError(`unexpected arguments: ${rest.join(' ')}`, 2);
    await COMMANDS[command](io, parsed.values as Flags);
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`safla: ${e.message}`);
      return e.exitCode;
    }
    io.err(`safla: unexpected error: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}
