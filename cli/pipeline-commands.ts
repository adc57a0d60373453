// The training pipeline's command groups (`safla train-pipeline run|status|generate`, `safla train-and-stream`): their usage text and dispatch.
import { MAX_ITERATIONS } from '../core/pipeline/run';
import { CliError, type CliIo } from './io';
import type { Flags } from './neural';
import { pipelineGenerate } from './pipeline-generate';
import { trainAndStreamCommand } from './train-and-stream';
import { CLI_TIMEOUT_MS, pipelineLog, pipelineRun, pipelineStatus } from './train-pipeline';

export const PIPELINE_GROUPS = ['train-pipeline', 'train-and-stream'] as const;

export const PIPELINE_USAGE = `Training pipeline (generated coding tasks, real npm test and npm run lint, strategy profiles that learn)
  safla train-pipeline run      --complexity easy|medium|hard [--iterations N] [--strategy conservative|balanced|aggressive]
                                [--seed N] [--timeout-ms ${CLI_TIMEOUT_MS}] [--validate] [--preset p | --weights r,s,c] [--json]
  safla train-pipeline status   [--json]
  safla train-pipeline log      (the pipeline log as JSON lines, oldest first)
  safla train-pipeline generate --complexity c | --template name [--seed N] [--strategy s] [--out dir] [--force] [--json]
  safla train-and-stream "<task>" [--preset balanced|production|prototyping | --weights r,s,c]
                                [--endpoint URL --model NAME] [--json]

run: N iterations (1 to ${MAX_ITERATIONS}), each a generated task run under every strategy (or --strategy s[,s]) on the node
runner (npm test and npm run lint in a temporary folder, each check stopped at --timeout-ms); runs, per-test
results, profiles and the log are stored in the state folder. Progress goes to stderr; Ctrl-C stops the running
task's processes, keeps the completed runs and exits 130. --validate compares the profiles before and after.
generate: writes the task folder (default ./task-<id>); refuses a non-empty folder without --force.
train-and-stream: selects a strategy from the learned profiles and prints its plan; no step is executed unless
--endpoint (an OpenAI-compatible API; key from $SAFLA_API_KEY) and --model are given.`;

const COMMANDS: Record<string, (io: CliIo, flags: Flags) => Promise<void>> = { run: pipelineRun, status: pipelineStatus, generate: pipelineGenerate, log: pipelineLog };

export async function pipelineCommand(io: CliIo, group: string, command: string | undefined, rest: readonly string[], flags: Flags): Promise<void> {
  if (group === 'train-and-stream') {
    await trainAndStreamCommand(io, flags, [command, ...rest].filter((w): w is string => w !== undefined));
    return;
  }
  const run = command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) throw new CliError(`unknown command '${[group, command].filter(Boolean).join(' ')}': use train-pipeline run, status, generate or log\n\nRun \`safla --help\` for the commands.`, 2);
  if (rest.length > 0) throw new CliError(`unexpected arguments: ${rest.join(' ')}`, 2);
  await run(io, flags);
}
