// Checks JSON text that JSON.parse accepted for what JSON.parse lets through: repeated object keys (it keeps the last silently), prototype-named keys, nesting depth, and numbers not written as plain non-negative integers.

export interface JsonScanOptions {
  /** Containers (objects and arrays) open at once, at most. */
  maxDepth: number;
  /** Keys refused wherever they appear. */
  forbidden?: ReadonlySet<string>;
  /** Every number must be digits only, as safetensors' u64 shapes and offsets are (no sign, fraction or exponent). */
  integersOnly?: boolean;
}

export type JsonScanProblem =
  | { kind: 'duplicate' | 'forbidden'; key: string; at: number }
  | { kind: 'depth'; at: number }
  | { kind: 'number'; text: string; at: number };

/** Index of the quote closing the string that opens at `start` (valid JSON: it exists). */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return q;
    from = q + 1;
  }
}

const isNumberChar = (c: number): boolean => (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 69 || c === 101;
const PLAIN_INTEGER = /^(?:0|[1-9][0-9]*)$/;

/**
 * The first problem in `text`, which must already have passed JSON.parse, or null. One pass; strings are
 * skipped with indexOf, and keys holding escapes are decoded, so "a" and "\u0061" count as the same key.
 */
export function scanJson(text: string, opts: JsonScanOptions): JsonScanProblem | null {
  // Per open container: the keys seen so far (objects) or null (arrays).
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const end = stringEnd(text, i);
      if (expectKey) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        const seen = open[open.length - 1]!;
        if (opts.forbidden?.has(key)) return { kind: 'forbidden', key, at: i };
        if (seen.has(key)) return { kind: 'duplicate', key, at: i };
        seen.add(key);
        expectKey = false;
      }
      i = end + 1;
    } else if (c === 123 || c === 91) {
      open.push(c === 123 ? new Set() : null);
      if (open.length > opts.maxDepth) return { kind: 'depth', at: i };
      expectKey = c === 123;
      i++;
    } else if (c === 125 || c === 93) {
      open.pop();
      expectKey = false;
      i++;
    } else if (c === 44) {
      expectKey = open[open.length - 1] !== null;
      i++;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < text.length && isNumberChar(text.charCodeAt(j))) j++;
      if (opts.integersOnly && !PLAIN_INTEGER.test(text.slice(i, j))) return { kind: 'number', text: text.slice(i, j), at: i };
      i = j;
    } else i++;
  }
  return null;
}
