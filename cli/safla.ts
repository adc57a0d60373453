// The `safla` command line: parses arguments and dispatches to the command modules; main() returns the exit status.
import { DEFAULT_MAX_ROWS } from './data-file';
import { parseArgs } from 'node:util';
import { MAX_EPOCHS } from '../core/models/config';
import { neuralEnsemble } from './ensembles';
import { toUserError } from './errors';
import { CliError, processIo, type CliIo } from './io';
import { mcpCommand } from './mcp';
import { memoryCommand } from './memory';
import { neuralExport, neuralPredict, neuralQuantize, neuralTrain, type Flags } from './neural';
import { CATALOG_USAGE, catalogCommand, loopCommand } from './catalog';
import { PATTERNS_USAGE, patternsCommand } from './patterns';
import { PIPELINE_USAGE, pipelineCommand } from './pipeline-commands';
import { DEFAULT_UNUSED_DAYS, neuralCleanup, neuralImport, neuralMemoryStats, neuralStatus, neuralVersions } from './registry-commands';

/** The config printed by --help; a test trains it on the printed data example, so it has to work as shown. */
export const CONFIG_EXAMPLE = {
  modelId: 'iris-classifier',
  type: 'prediction',
  architecture: {
    layers: [
      { type: 'input' },
      { type: 'hidden', size: 16, activation: 'relu' },
      { type: 'output', activation: 'softmax' },
    ],
  },
  training: {
    target: 'species',
    learning_rate: 0.01,
    batch_size: 16,
    epochs: 100,
    optimizer: 'adam',
    lr_schedule: { type: 'step_decay', step_size: 40, gamma: 0.5 },
    early_stopping: { patience: 20, min_delta: 0.001 },
    validation_split: 0.3,
    seed: 42,
  },
};

const DATA_EXAMPLE = '{"trainingData": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2, "species": "setosa"}, …],\n   "validationData": [… optional; otherwise validation_split of trainingData is held out …]}';

export const USAGE = `safla — SAFLA Lab's engine from the command line

Models
  safla neural train     --model cfg.json | --pattern coordination|optimization|prediction
                         --data data.csv|.tsv|.json|.jsonl|.parquet [--epochs N] [--target field]
                         [--task classification|regression] [--seed N] [--max-rows N] [--max-memory MiB]
                         [--progress] [--validate] [--out model.clf] [--json]
  safla neural predict   --model model.clf|id|id@1.0.0 --input record.json [--k 9] [--json]
  safla neural quantize  --model model.clf|id [--bits 8] [--data data.json] [--out model.int8.clf] [--json]
  safla neural export    --model model.clf|id --format onnx|clf [--output file] [--json]
  safla neural import    --file model.clf [--name id] [--json]
  safla neural versions  --model id [--json]
  safla neural cleanup   [--unused-days ${DEFAULT_UNUSED_DAYS}] [--json]
  safla neural ensemble  --models a,b,c [--name n] [--data data.json] [--input record.json] [--json]
  safla neural ensemble  --name n --input record.json [--json]     (list them: safla neural ensemble)
  safla neural status    [--json]
  safla neural memory-stats [--json]

Memory (memory_usage)
  safla memory store     --key k --value v [--namespace ns] [--ttl seconds] [--metadata '{"json":1}'] [--json]
  safla memory retrieve  --key k [--namespace ns] [--json]
  safla memory list      [--namespace ns] [--json]
  safla memory delete    --key k [--namespace ns] [--json]
  safla memory search    --query text [--namespace ns] [--json]

${PATTERNS_USAGE}

${CATALOG_USAGE}

${PIPELINE_USAGE}

Agent tools (MCP)
  safla mcp              [--state DIR]   a stdio MCP server of the agent tools (neural_train, neural_predict,
                         memory_usage, …) over the same state folder; add it to an MCP client as
                         {"command": "npx", "args": ["safla", "mcp", "--state", "/path/to/state"]}

State: models, their versions, memory, learned patterns and the training pipeline's runs and profiles live in .safla/ in the current folder (SQLite, the same schema as
the app), or in --state DIR, or in $SAFLA_STATE. train saves each run as the model's next version as well as
writing the file; --model takes a registry id (latest version, or id@version) or a .clf file.

train: --out creates missing folders. --epochs at most ${MAX_EPOCHS} (as in a config). --validate also prints the
confusion matrix on the validation records (regression: the mean absolute and root mean squared error).
Data files are streamed into typed columns (no records are built): CSV/TSV (a header row), JSON (an array of
records or {trainingData, validationData}), JSON Lines (one record per line) and Parquet. --max-rows (default
${DEFAULT_MAX_ROWS.toLocaleString('en-US')}) and --max-memory (MiB; default half the machine's memory, at most 4096) stop a file that is too
big while it is read, naming its size. Progress goes to stderr; Ctrl-C stops reading or training and saves nothing.
A numeric target with at most 20 distinct whole numbers and a softmax or sigmoid output is classification (a 0/1
label is two classes); --task classification|regression decides it yourself.
--json prints the same result objects as the app's worker API.

A model config (the reference's format; every training field is optional):
${JSON.stringify(CONFIG_EXAMPLE, null, 2)}

Data for it (data.json):
  ${DATA_EXAMPLE}

Example:
  safla neural train --model cfg.json --data data.json --validate --out models/iris.clf
  safla neural predict --model iris-classifier --input flower.json`;

const OPTIONS = {
  model: { type: 'string' }, data: { type: 'string' }, epochs: { type: 'string' }, target: { type: 'string' },
  seed: { type: 'string' }, validate: { type: 'boolean' }, task: { type: 'string' }, 'max-rows': { type: 'string' },
  'max-memory': { type: 'string' }, progress: { type: 'boolean' }, out: { type: 'string' }, output: { type: 'string' },
  json: { type: 'boolean' }, input: { type: 'string' }, k: { type: 'string' }, bits: { type: 'string' },
  format: { type: 'string' }, pattern: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  state: { type: 'string' }, file: { type: 'string' }, name: { type: 'string' }, 'unused-days': { type: 'string' },
  models: { type: 'string' }, namespace: { type: 'string' }, key: { type: 'string' }, value: { type: 'string' },
  query: { type: 'string' }, ttl: { type: 'string' }, metadata: { type: 'string' },
  complexity: { type: 'string' }, iterations: { type: 'string' }, strategy: { type: 'string' }, 'timeout-ms': { type: 'string' },
  operation: { type: 'string' }, outcome: { type: 'string' }, id: { type: 'string' },
  template: { type: 'string' }, force: { type: 'boolean' }, preset: { type: 'string' }, weights: { type: 'string' }, endpoint: { type: 'string' },
} as const;

const NEURAL: Record<string, (io: CliIo, flags: Flags) => Promise<void>> = {
  train: neuralTrain, predict: neuralPredict, quantize: neuralQuantize, export: neuralExport,
  import: neuralImport, versions: neuralVersions, cleanup: neuralCleanup, ensemble: neuralEnsemble,
  status: neuralStatus, 'memory-stats': neuralMemoryStats,
};

async function dispatch(io: CliIo, argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n\nRun \`safla --help\` for the commands and their options.`, 2);
  }
  const [group, command, ...rest] = parsed.positionals;
  if (parsed.values.help || group === undefined || group === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (group === 'mcp') {
    if (command !== undefined) throw new CliError(`unexpected arguments: ${[command, ...rest].join(' ')} (safla mcp takes only --state DIR)`, 2);
    await mcpCommand(io, parsed.values as Flags);
    return 0;
  }
  if (group === 'train-pipeline' || group === 'train-and-stream') {
    await pipelineCommand(io, group, command, rest, parsed.values as Flags);
    return 0;
  }
  if (group === 'neural' && command === 'patterns') {
    await patternsCommand(io, rest, parsed.values as Flags);
    return 0;
  }
  if (group === 'neural' && command === 'catalog') {
    await catalogCommand(io, rest, parsed.values as Flags);
    return 0;
  }
  if (group === 'neural' && command === 'loop') {
    await loopCommand(io, rest, parsed.values as Flags);
    return 0;
  }
  const known = group === 'neural' ? command !== undefined && Object.hasOwn(NEURAL, command) : group === 'memory' && command !== undefined;
  if (!known) throw new CliError(`unknown command '${[group, command].filter(Boolean).join(' ')}'\n\nRun \`safla --help\` for the commands.`, 2);
  if (rest.length > 0) throw new CliError(`unexpected arguments: ${rest.join(' ')}`, 2);
  const flags = parsed.values as Flags;
  if (group === 'memory') await memoryCommand(io, command!, flags);
  else await NEURAL[command!](io, flags);
  return 0;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    return await dispatch(io, argv);
  } catch (e) {
    const user = toUserError(e);
    if (user) {
      io.err(`safla: ${user.message}`);
      return user.exitCode;
    }
    io.err(`safla: unexpected error (a bug in safla; please report it): ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}
