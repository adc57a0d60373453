// Vite plugin: bundles the sandbox's own scripts (app/sandbox/doc.ts, runtime.ts) into self-contained classic scripts, handed to the app as strings, in dev and build alike.
import { build, type Plugin, type Rollup } from 'vite';

const ENTRIES: Record<string, string> = { doc: 'app/sandbox/doc.ts', runtime: 'app/sandbox/runtime.ts' };
const PREFIX = 'virtual:sandbox/';

/**
 * `import doc from 'virtual:sandbox/doc'` is the bundled script's text. The sandbox document runs it inline and
 * makes its worker from a blob of the runtime: an opaque origin can load nothing from the app's server, and its
 * code arrives inside the app's own (precached) chunks.
 */
export function sandboxScripts(): Plugin {
  return {
    name: 'safla-sandbox-scripts',
    resolveId(id) {
      if (id.startsWith(PREFIX) && ENTRIES[id.slice(PREFIX.length)]) return `\0${id}`;
      return undefined;
    },
    async load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return undefined;
      const name = id.slice(PREFIX.length + 1);
      const result = await build({
        configFile: false,
        logLevel: 'warn',
        publicDir: false,
        build: {
          write: false,
          emptyOutDir: false,
          minify: true,
          target: 'es2022',
          lib: { entry: ENTRIES[name], formats: ['iife'], name: `saflaSandbox_${name}` },
        },
      });
      const output = (Array.isArray(result) ? result[0] : result) as Rollup.RollupOutput;
      const chunk = output.output.find((o): o is Rollup.OutputChunk => o.type === 'chunk');
      if (!chunk) throw new Error(`sandbox script ${name}: the bundle has no chunk`);
      for (const m of Object.keys(chunk.modules)) if (!m.startsWith('\0')) this.addWatchFile(m);
      return `export default ${JSON.stringify(chunk.code)};`;
    },
  };
}
