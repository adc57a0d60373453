// Loads a task's files in the sandbox worker: ES modules as blob URLs with their specifiers rewritten, CommonJS through a require of our own, node:test/node:assert as the shims.
import type { AssertModule } from './node-assert';
import type { NodeTest } from './node-test';
import { BUILTIN_ALIASES, type BuiltinName, type PreparedModule } from './protocol';

/** What the loader needs from the worker, captured before task code runs. */
export interface LoaderHost {
  /** A blob: URL of `text` with that MIME type, made in the sandbox's own (opaque) origin. */
  url(text: string, type: string): string;
  /** Runs a classic script synchronously (importScripts). */
  runScript(url: string): void;
  importModule(url: string): Promise<unknown>;
  /** Where facade modules and CommonJS wrappers find the loader: a frozen global. */
  publish(value: object): void;
  globalKey: string;
}

const ASSERT_NAMES = ['ok', 'equal', 'notEqual', 'strictEqual', 'notStrictEqual', 'deepEqual', 'notDeepEqual', 'deepStrictEqual', 'notDeepStrictEqual', 'throws', 'doesNotThrow', 'rejects', 'doesNotReject', 'match', 'doesNotMatch', 'fail', 'ifError', 'strict', 'AssertionError'];
const TEST_NAMES = ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach', 'mock'];
const NODE_BUILTINS = new Set(['fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'util', 'events', 'stream', 'url', 'worker_threads', 'process', 'buffer', 'timers', 'vm', 'module', 'readline', 'zlib', 'dns', 'tls', 'cluster']);

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** `spec` relative to the folder `dir` (both task paths, '/'-separated); null when it climbs out of the task. */
export function joinPath(dir: string, spec: string): string | null {
  const out = dir ? dir.split('/') : [];
  for (const part of spec.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

function missing(spec: string, from: string): Error {
  const bare = spec.replace(/^node:/, '');
  const why = spec.startsWith('node:') || NODE_BUILTINS.has(bare) ? `: the browser sandbox has only node:test and node:assert` : '';
  const err = new Error(`Cannot find module '${spec}' imported from ${from}${why}`);
  (err as Error & { code: string }).code = 'MODULE_NOT_FOUND';
  return err;
}

export function createLoader(modules: Record<string, PreparedModule>, test: NodeTest, assert: AssertModule, host: LoaderHost) {
  const urls = new Map<string, string>();
  const building = new Set<string>();
  const cjsCache = new Map<string, { exports: unknown }>();
  const cjsDefs = new Map<string, (...args: unknown[]) => void>();

  // require('node:test') is the test function carrying the rest, as in node.
  const requireTest = Object.freeze(Object.assign((...args: unknown[]) => test.test(...args), test, { skip: test.test.skip, todo: test.test.todo, only: test.test.only }));

  function builtinValue(name: BuiltinName): unknown {
    return name === 'node:test' ? requireTest : name === 'node:assert' ? assert : assert.strict;
  }

  function facade(name: BuiltinName): string {
    const key = JSON.stringify(host.globalKey);
    if (name === 'node:test') return `const t = globalThis[${key}].test;\nexport default t.test;\nexport const { ${TEST_NAMES.join(', ')} } = t;\n`;
    const expr = name === 'node:assert' ? `globalThis[${key}].assert` : `globalThis[${key}].assert.strict`;
    return `const a = ${expr};\nexport default a;\nexport const { ${ASSERT_NAMES.join(', ')} } = a;\n`;
  }

  function builtinUrl(name: BuiltinName): string {
    const k = `builtin:${name}`;
    let u = urls.get(k);
    if (!u) urls.set(k, (u = host.url(facade(name), 'text/javascript')));
    return u;
  }

  function moduleUrl(path: string): string {
    const known = urls.get(path);
    if (known) return known;
    const m = modules[path];
    if (!m) throw missing(path, '(task)');
    let text: string;
    const type = 'text/javascript';
    if (m.format === 'json') {
      if (m.syntaxError) throw new SyntaxError(m.syntaxError);
      text = `export default ${m.code};`;
    } else if (m.format === 'cjs') {
      // An ES module standing for a CommonJS file: default is module.exports; the names node's lexer would find are exported too.
      const key = JSON.stringify(host.globalKey);
      const named = m.cjsExports.length ? `export const { ${m.cjsExports.join(', ')} } = m;\n` : '';
      text = `const m = globalThis[${key}].require(${JSON.stringify(path)});\nexport default m;\n${named}`;
    } else {
      if (m.syntaxError) throw new SyntaxError(m.syntaxError);
      if (building.has(path)) throw new Error(`${path} imports itself through a cycle of imports; the browser sandbox cannot load cyclic imports between task files`);
      building.add(path);
      let out = '';
      let at = 0;
      for (const site of m.imports.toSorted((a, b) => a.start - b.start)) {
        let url: string;
        if ('builtin' in site.target) url = builtinUrl(site.target.builtin);
        else if ('path' in site.target) url = moduleUrl(site.target.path);
        else if (site.dynamic) url = `safla-missing:${encodeURIComponent(site.target.error)}`;
        else throw new Error(site.target.error);
        out += `${m.code.slice(at, site.start)}${JSON.stringify(url)}`;
        at = site.dropTo ?? site.end;
      }
      text = `${out}${m.code.slice(at)}\n//# sourceURL=task:///${path}`;
      building.delete(path);
    }
    const u = host.url(text, type);
    urls.set(path, u);
    return u;
  }

  function resolveRequire(spec: string, fromDir: string, from: string): string | BuiltinName {
    const builtin = BUILTIN_ALIASES[spec];
    if (builtin) return builtin;
    if (!spec.startsWith('./') && !spec.startsWith('../') && !spec.startsWith('/')) throw missing(spec, from);
    const base = spec.startsWith('/') ? null : joinPath(fromDir, spec);
    if (base === null) throw missing(spec, from);
    for (const candidate of [base, `${base}.js`, `${base}.json`, `${base}.cjs`, `${base}/index.js`, `${base}/index.json`]) {
      if (modules[candidate]) return candidate;
    }
    throw missing(spec, from);
  }

  function requireModule(path: string): unknown {
    const cached = cjsCache.get(path);
    if (cached) return cached.exports;
    const m = modules[path];
    if (!m) throw missing(path, '(task)');
    if (m.format === 'esm') {
      const err = new Error(`require() of ES Module ${path} not supported: node 20 cannot require an ES module either`);
      (err as Error & { code: string }).code = 'ERR_REQUIRE_ESM';
      throw err;
    }
    if (m.format === 'json') {
      const mod = { exports: JSON.parse(m.code) as unknown };
      cjsCache.set(path, mod);
      return mod.exports;
    }
    if (m.syntaxError) throw new SyntaxError(m.syntaxError);
    const key = JSON.stringify(host.globalKey);
    const wrapper = `globalThis[${key}].define(${JSON.stringify(path)}, function (exports, require, module, __filename, __dirname) {${m.code}\n});\n//# sourceURL=task:///${path}`;
    host.runScript(host.url(wrapper, 'text/javascript'));
    const def = cjsDefs.get(path);
    if (!def) throw new Error(`${path} did not load`);
    const mod = { exports: {} as unknown };
    cjsCache.set(path, mod);
    const dir = dirname(path);
    const req = (spec: string) => {
      const target = resolveRequire(String(spec), dir, path);
      return target in BUILTIN_NAMES ? builtinValue(target as BuiltinName) : requireModule(target);
    };
    def.call(mod.exports, mod.exports, req, mod, `/task/${path}`, `/task/${dir}`);
    return mod.exports;
  }

  host.publish(
    Object.freeze({
      test,
      assert,
      require: (path: string) => requireModule(path),
      define: (path: string, fn: (...args: unknown[]) => void) => {
        if (!cjsDefs.has(path)) cjsDefs.set(path, fn);
      },
    }),
  );

  return {
    /** Loads a test file: an ES module is imported (its tests register as it evaluates), a CommonJS one required. */
    async load(entry: string): Promise<void> {
      const m = modules[entry];
      if (!m) throw missing(entry, '(the test command)');
      if (m.format === 'esm') await host.importModule(moduleUrl(entry));
      else requireModule(entry);
    },
  };
}

const BUILTIN_NAMES: Record<string, true> = { 'node:test': true, 'node:assert': true, 'node:assert/strict': true };
