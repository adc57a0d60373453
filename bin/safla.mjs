#!/usr/bin/env node
// The `safla` command: runs the CLI bundle that `npm run build` writes to dist-cli/.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist-cli/safla.mjs', import.meta.url);
if (!existsSync(bundle)) {
  console.error('safla: the CLI is not built yet: run `npm run build` (or `npm run build:cli`) in the SAFLA Lab folder first.');
  process.exit(1);
}
// A reader that stops early (`safla … | head`) closes the pipe: that ends the output, not the program with a stack.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2));
