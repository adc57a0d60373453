// Reads `node --test --test-reporter=tap` output (node 20) into per-test results: suites left out, nested names joined with ' > '.
import type { TestResult } from '../../core/pipeline/runner';
import { testResult } from '../../core/pipeline/test-result';

const POINT = /^(not )?ok \d+ - (.*?)(?: # (SKIP|TODO)\b.*)?$/i;

function unescapeName(s: string): string {
  return s.replace(/\\([\\#])/g, '$1');
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

interface Yaml {
  duration_ms?: number;
  type?: string;
  error?: string;
}

/** The YAML diagnostics block after a test point, from its '---' to its '...'; returns it and the index after it. */
function readYaml(lines: string[], start: number): [Yaml, number] {
  const out: Yaml = {};
  if (lines[start]?.trim() !== '---') return [out, start];
  const base = indentOf(lines[start]);
  let i = start + 1;
  for (; i < lines.length && lines[i].trim() !== '...'; i++) {
    const line = lines[i];
    if (indentOf(line) !== base) continue;
    const m = /^\s*(\w+): ?(.*)$/.exec(line);
    if (!m) continue;
    const [, key, raw] = m;
    let value = raw;
    if (raw === '|-' || raw === '|' || raw === '>-') {
      const block: string[] = [];
      while (i + 1 < lines.length && (indentOf(lines[i + 1]) > base || lines[i + 1].trim() === '') && lines[i + 1].trim() !== '...') {
        i++;
        block.push(lines[i].slice(base + 2));
      }
      value = block.join('\n').trimEnd();
    } else if (raw.startsWith("'") && raw.endsWith("'")) value = raw.slice(1, -1).replace(/''/g, "'");
    else if (raw.startsWith('"') && raw.endsWith('"')) value = raw.slice(1, -1);
    if (key === 'duration_ms') out.duration_ms = Number(value);
    else if (key === 'type') out.type = value;
    else if (key === 'error') out.error = value;
  }
  return [out, i + 1];
}

/** Each test point that is not a suite, in report order (node reports a parent after its subtests). */
export function parseTap(text: string): TestResult[] {
  const lines = text.split(/\r?\n/);
  const names: string[] = [];
  const results: TestResult[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const level = Math.floor(indentOf(line) / 4);
    const trimmed = line.trim();
    const sub = /^# Subtest: (.*)$/.exec(trimmed);
    if (sub) {
      names[level] = unescapeName(sub[1]);
      names.length = level + 1;
      i++;
      continue;
    }
    const point = POINT.exec(trimmed);
    if (!point) {
      i++;
      continue;
    }
    const [yaml, next] = readYaml(lines, i + 1);
    i = next;
    if (yaml.type === 'suite') continue;
    const directive = point[3]?.toUpperCase();
    results.push(testResult([...names.slice(0, level), unescapeName(point[2])], {
      failed: point[1] !== undefined, skip: directive === 'SKIP', todo: directive === 'TODO', duration_ms: yaml.duration_ms,
      ...(yaml.error !== undefined ? { error: yaml.error } : {}),
    }));
  }
  return results;
}
