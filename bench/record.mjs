// What every `npm run bench` suite shares: the machine's load over the run, its notes, the printed table and the two files it
// writes (bench/results/<suite>.json and <suite>.meta.json), so each suite's runner says only what is its own.
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';

/** A figure for a table: thousands grouped from 1,000 up, else 4 significant digits; '—' for none. */
export function fmt(x) {
  if (x === null || x === undefined) return '—';
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return x.toPrecision(4).replace(/\.?0+$/, '');
}

/** A plain-text table: a header, a rule, the rows; columns whose index is in `right` are right-aligned. */
export function textTable(head, body, right = []) {
  const width = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (right.includes(i) ? c.padStart(width[i]) : c.padEnd(width[i]))).join(' | ');
  return [line(head), width.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}

/** The result rows' common columns `{name, unit, ours, peer, peer_name, ratio}` as a table. */
export function rowsTable(rows) {
  const head = ['name', 'unit', 'ours', 'peer', 'peer_name', 'ratio'];
  const body = rows.map((r) => [r.name, r.unit, fmt(r.ours), fmt(r.peer), r.peer_name, r.ratio === null || r.ratio === undefined ? '—' : `${fmt(r.ratio)}×`]);
  return textTable(head, body, [2, 3, 5]);
}

/** Resolves or rejects as `promise` does, or rejects with `message` once `ms` have passed: a hang fails loudly instead of waiting forever. */
export async function within(ms, message, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const round2 = (x) => Number(x.toFixed(2));

/**
 * Starts recording one suite: the 1-minute load average now, every 5 s and at the end; a note when the machine is busy.
 * `finish(rows, meta)` writes the results (or, when no case matched, leaves the last full results alone).
 */
export function startSuite(suite, { resultsDir, host, quick, filter, wallStarted, load = loadavg, log = console.log }) {
  const started = Date.now();
  const loadStart = load();
  const every5s = [];
  const sampler = setInterval(() => every5s.push(round2(load()[0])), 5000);
  sampler.unref();
  const notes = [];
  const note = (message) => {
    notes.push(message);
    log(`note: ${message}`);
  };
  if (loadStart[0] > host.cpus) note(`load average ${loadStart.map((x) => x.toFixed(2)).join(' / ')} on ${host.cpus} cores at the start: the machine is busy, timings are noisy`);
  const seconds = () => Math.round((Date.now() - started) / 1000);
  return {
    notes,
    note,
    /** A progress line stamped with the seconds since the suite started. */
    progress: (label) => log(`[${`${seconds()}s`.padStart(5)}] ${label}`),
    /** Writes `<suite>.json` and `<suite>.meta.json` (`meta`: the suite's own fields; date, load, options and timing are added). */
    async finish(rows, meta) {
      clearInterval(sampler);
      if (!rows.length) {
        log(`bench: no ${suite} case matched; bench/results/${suite}.json left as it was`);
        return false;
      }
      const loadEnd = load();
      await mkdir(resultsDir, { recursive: true });
      await writeFile(join(resultsDir, `${suite}.json`), `${JSON.stringify(rows, null, 2)}\n`);
      const full = {
        date: new Date().toISOString(),
        ...meta,
        loadAverage: { start: loadStart.map(round2), end: loadEnd.map(round2), every5s, cores: host.cpus },
        quick,
        filter: filter ?? null,
        notes,
        host,
        suiteSeconds: seconds(),
        wallSeconds: Math.round((Date.now() - wallStarted) / 1000),
      };
      await writeFile(join(resultsDir, `${suite}.meta.json`), `${JSON.stringify(full, null, 2)}\n`);
      log(`bench: wrote bench/results/${suite}.json and ${suite}.meta.json (${full.suiteSeconds} s; load ${loadStart[0].toFixed(2)} → ${loadEnd[0].toFixed(2)} on ${host.cpus} cores)`);
      return true;
    },
  };
}
