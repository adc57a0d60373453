// `npm test`: typecheck, lint, build, then vitest (unit in node, e2e in Chromium); ends with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const results = 'test-results/vitest.json';

function step(title, cmd, args) {
  console.log(`\n▶ ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function fail(message, status = 1) {
  console.error(`\n✖ ${message}`);
  process.exit(status);
}

// Chromium first: it is the one prerequisite npm cannot install.
if (step('chromium', 'node', ['scripts/ensure-chromium.mjs']) !== 0) fail('Chromium is required for the e2e tests (see above).');
if (step('typecheck', 'npm', ['run', '--silent', 'typecheck']) !== 0) fail('TypeScript errors (npm run typecheck).');
if (step('lint', 'npm', ['run', '--silent', 'lint']) !== 0) fail('Lint errors (npm run lint).');
if (step('build', 'npm', ['run', '--silent', 'build']) !== 0) fail('The build failed (npm run build).');

mkdirSync('test-results', { recursive: true });
const status = step('tests', 'npx', [
  'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`,
]);

if (!existsSync(results)) fail(`vitest wrote no ${results}`, status || 1);
const report = JSON.parse(readFileSync(results, 'utf8'));
const byProject = new Map();
for (const file of report.testResults ?? []) {
  const project = file.name.includes('/e2e/') ? 'e2e' : 'unit';
  const c = byProject.get(project) ?? { passed: 0, failed: 0, skipped: 0 };
  for (const t of file.assertionResults ?? []) {
    if (t.status === 'passed') c.passed++;
    else if (t.status === 'failed') c.failed++;
    else c.skipped++;
  }
  // A file that failed to load has no assertions but still failed.
  if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) c.failed++;
  byProject.set(project, c);
}
let passed = 0, failed = 0, skipped = 0;
for (const [project, c] of byProject) {
  console.log(`${project}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  passed += c.passed; failed += c.failed; skipped += c.skipped;
}
if (passed + failed === 0) fail('no test ran');
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || status !== 0 ? 1 : 0);
