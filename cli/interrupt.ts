// Ctrl-C (SIGINT) and SIGTERM during a long command: the first aborts the work (runners stop their process groups, nothing half-done is stored) and the command exits 128+signal; a second one quits at once.
import { CliError } from './io';

const CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

export interface Interrupt {
  readonly signal: AbortSignal;
  /** The signal that arrived, if one did. */
  received(): NodeJS.Signals | undefined;
  /** The error to end the command with after an interrupt: one line, exit 130 (SIGINT) or 143 (SIGTERM). */
  error(what: string): CliError;
  dispose(): void;
}

export function listenForInterrupt(say: (line: string) => void): Interrupt {
  const controller = new AbortController();
  let got: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (got !== undefined) {
      // The user insists: the running children were already killed on the first signal; stop without cleaning up further.
      process.exit(CODES[sig] ?? 1);
    }
    got = sig;
    say(`${sig === 'SIGINT' ? 'Ctrl-C' : sig}: cancelling (the running task's processes are stopped; press Ctrl-C again to quit at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    received: () => got,
    error: (what) => new CliError(`cancelled by ${got ?? 'a signal'}: ${what}`, CODES[got ?? 'SIGINT'] ?? 130),
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
