// Types of record.mjs for the TypeScript tests.
export function fmt(x: number | null | undefined): string;
export function textTable(head: string[], body: string[][], right?: number[]): string;
export function within<T>(ms: number, message: string, promise: Promise<T>): Promise<T>;
export function rowsTable(rows: { name: string; unit: string; ours: number | null; peer: number | null; peer_name: string; ratio: number | null }[]): string;
export interface SuiteRecord {
  notes: string[];
  note(message: string): void;
  progress(label: string): void;
  finish(rows: unknown[], meta: Record<string, unknown>): Promise<boolean>;
}
export function startSuite(suite: string, options: {
  resultsDir: string;
  host: { node: string; platform: string; cpus: number };
  quick: boolean;
  filter?: string;
  wallStarted: number;
  load?: () => number[];
  log?: (line: string) => void;
}): SuiteRecord;
