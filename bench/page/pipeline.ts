// The pipeline bench page: the app's browser-sandbox runner on this page's main thread (it needs a document for its iframes), driven by bench/run.mjs through window.benchPipeline.
import type { TaskFiles } from '../../core/pipeline/runner';
import { prepareTask } from '../../app/pipeline/prepare';
import { SandboxHost } from '../../app/pipeline/sandbox-host';
import { createSandboxRunner, sandboxLabel, type SandboxRunner } from '../../app/pipeline/sandbox-runner';
import { canonicalFiles, emptyTask } from '../pipeline/files';
import type { PipelinePageApi, SideBatch, SideRun, StartupSample } from '../pipeline/types';

declare global {
  interface Window {
    benchPipeline?: PipelinePageApi;
  }
}

const READY_MS = 15_000;
const log = document.getElementById('log');
const show = (line: string) => {
  if (log) log.textContent += `${line}\n`;
};

/** One runner for the whole bench, as the app has one per page: its lint sandbox stays warm between tasks. */
let runner: SandboxRunner | null = null;

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function runOne(r: SandboxRunner, files: TaskFiles, files_sha256: string, timeoutMs: number): Promise<SideRun> {
  const t0 = performance.now();
  const result = await r.run(files, { timeout_ms: timeoutMs });
  return { files_sha256, result, wall_ms: performance.now() - t0 };
}

/** A fresh test sandbox taken to the verdict of the empty test: what runTests pays before a task's own tests. */
async function startupOnce(files: TaskFiles): Promise<StartupSample> {
  const prepared = prepareTask(files);
  const t0 = performance.now();
  const host = await SandboxHost.create('test');
  try {
    const verdict = new Promise<void>((resolve, reject) => {
      let passed = false;
      const timer = setTimeout(() => reject(new Error(`the empty test gave no verdict within ${READY_MS} ms`)), READY_MS);
      const fail = (why: string) => {
        clearTimeout(timer);
        reject(new Error(why));
      };
      host.listen({
        event: (_id, e) => {
          if (e.t === 'end') passed = e.status === 'pass';
          else if (e.t === 'done') {
            clearTimeout(timer);
            if (passed) resolve();
            else reject(new Error('the empty test did not pass in the sandbox'));
          } else if (e.t === 'file-error' || e.t === 'fatal') fail(e.message);
        },
        workerError: (_id, message) => fail(message),
        crash: () => fail('the sandbox stopped responding'),
      });
    });
    host.spawn({ kind: 'test', modules: prepared.modules, entry: prepared.testFiles[0] });
    await verdict;
    return { ready_ms: performance.now() - t0, iframe_ms: host.startupMs };
  } finally {
    host.destroy();
  }
}

const api: PipelinePageApi = {
  async env() {
    return { userAgent: navigator.userAgent, crossOriginIsolated, label: sandboxLabel() };
  },
  async startup(count) {
    const out: StartupSample[] = [];
    for (let i = 0; i < count; i++) out.push(await startupOnce(emptyTask()));
    show(`startup: ${out.map((s) => s.ready_ms.toFixed(1)).join(', ')} ms`);
    return out;
  },
  async lintCold(files, timeoutMs) {
    const first_in_page = runner === null;
    const r = createSandboxRunner();
    runner = r;
    const t0 = performance.now();
    await r.warm();
    const eslint_load_ms = performance.now() - t0;
    const run = await runOne(r, files, await sha256(canonicalFiles(files)), timeoutMs);
    show(`lint warm-up: ESLint ${eslint_load_ms.toFixed(1)} ms, first lint ${run.result.lint.duration_ms.toFixed(1)} ms`);
    return { eslint_load_ms, first_lint_ms: run.result.lint.duration_ms, first_in_page, run };
  },
  async runBatch(list, timeoutMs) {
    runner ??= createSandboxRunner();
    // Fingerprints of what arrived, taken before the timed region.
    const hashes = await Promise.all(list.map((files) => sha256(canonicalFiles(files))));
    const runs: SideRun[] = [];
    const t0 = performance.now();
    for (const [i, files] of list.entries()) runs.push(await runOne(runner, files, hashes[i], timeoutMs));
    const batch: SideBatch = { runs, wall_ms: performance.now() - t0 };
    show(`batch of ${list.length}: ${batch.wall_ms.toFixed(1)} ms`);
    return batch;
  },
};

window.benchPipeline = api;
show('ready');
