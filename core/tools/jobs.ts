// The running long calls of one host (an MCP server, a page): callTool adds each long-running call with its latest progress, neural_status lists them.
import type { ToolProgress } from './context';

export interface JobInfo {
  id: number;
  tool: string;
  /** ms since the epoch. */
  started_at: number;
  /** The latest progress the call reported; null before the first. */
  progress: number | null;
  total: number | null;
  message: string | null;
}

export interface JobHandle {
  update(p: ToolProgress): void;
  end(): void;
}

export interface JobBoard {
  start(tool: string): JobHandle;
  /** Running now, oldest first. */
  list(): JobInfo[];
}

export function createJobBoard(wallClock: () => number): JobBoard {
  const running = new Map<number, JobInfo>();
  let next = 1;
  return {
    start(tool) {
      const job: JobInfo = { id: next++, tool, started_at: wallClock(), progress: null, total: null, message: null };
      running.set(job.id, job);
      return {
        update: (p) => {
          job.progress = p.progress;
          job.total = p.total ?? null;
          job.message = p.message ?? null;
        },
        end: () => {
          running.delete(job.id);
        },
      };
    },
    list: () => [...running.values()].map((j) => ({ ...j })),
  };
}
