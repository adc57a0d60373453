// How the Pipeline page shows results beyond the pipeline's own wording (core/pipeline/text.ts): status badges and local times.
import type { CheckStatus } from '../../../core/pipeline/runner';

/** pass → ok, fail/timeout/error → bad, not-run/skip → neutral. */
export function statusBadge(status: CheckStatus | 'skip'): string {
  return status === 'pass' ? 'badge badge--ok' : status === 'not-run' || status === 'skip' ? 'badge badge--neutral' : 'badge badge--bad';
}

export function when(t: number): string {
  return new Date(t).toLocaleString();
}
