// Readies a task for the browser sandbox: each file's module format by node's rules, its import specifiers located by parsing (acorn), the test files node --test would run.
import { parse, type Node } from 'acorn';
import type { TaskFiles } from '../../core/pipeline/runner';
import { findTestFiles } from '../../core/pipeline/task-files';
import { dirname, joinPath } from '../sandbox/modules';
import { BUILTIN_ALIASES, type ImportSite, type PreparedModule } from '../sandbox/protocol';

export interface PreparedTask {
  modules: Record<string, PreparedModule>;
  /** What `node --test` runs, in its order. */
  testFiles: string[];
  /** What `eslint .` looks at. */
  lintFiles: { path: string; code: string }[];
}

const SCRIPT = /\.(c|m)?js$/;

type AnyNode = Node & Record<string, unknown>;

function walk(node: unknown, visit: (n: AnyNode) => void): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
    return;
  }
  const n = node as AnyNode;
  if (typeof n.type !== 'string') return;
  visit(n);
  for (const key of Object.keys(n)) if (key !== 'loc') walk(n[key], visit);
}

function resolveImport(spec: string, from: string, files: TaskFiles): ImportSite['target'] {
  const builtin = BUILTIN_ALIASES[spec];
  if (builtin) return { builtin };
  if (spec.startsWith('./') || spec.startsWith('../')) {
    const path = joinPath(dirname(from), spec);
    if (path !== null && files[path] !== undefined) return { path };
    return { error: `Cannot find module '${spec}' imported from ${from} (an ES module names the file exactly, extension included)` };
  }
  const bare = spec.replace(/^node:/, '');
  if (spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'util', 'events', 'stream', 'url', 'worker_threads'].includes(bare)) {
    return { error: `Cannot load '${spec}' imported from ${from}: the browser sandbox has only node:test and node:assert` };
  }
  return { error: `Cannot find package '${spec}' imported from ${from}: tasks install nothing` };
}

const RESERVED = new Set('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await'.split(' '));
const isName = (s: string) => /^[A-Za-z_$][\w$]*$/.test(s) && !RESERVED.has(s);

function memberName(n: AnyNode): string | null {
  const p = n.property as AnyNode;
  if (n.computed) return p.type === 'Literal' && typeof p.value === 'string' ? p.value : null;
  return p.type === 'Identifier' ? (p.name as string) : null;
}
const isIdent = (n: unknown, name: string) => (n as AnyNode)?.type === 'Identifier' && (n as AnyNode).name === name;
/** `module.exports` */
const isModuleExports = (n: AnyNode) => n.type === 'MemberExpression' && isIdent(n.object, 'module') && memberName(n) === 'exports';

/** The names `exports.x = …`, `module.exports.x = …` and `module.exports = { x, y }` give a CommonJS file, as node's cjs-module-lexer finds them. */
function cjsExportNames(program: Node): string[] {
  const names = new Set<string>();
  walk(program, (n) => {
    if (n.type !== 'AssignmentExpression') return;
    const left = n.left as AnyNode;
    const right = n.right as AnyNode;
    if (left.type === 'MemberExpression' && (isIdent(left.object, 'exports') || isModuleExports(left.object as AnyNode))) {
      const name = memberName(left);
      if (name) names.add(name);
    } else if (isModuleExports(left) && right.type === 'ObjectExpression') {
      for (const p of right.properties as AnyNode[]) {
        const key = p.key as AnyNode | undefined;
        if (p.type === 'Property' && key && !p.computed) names.add(key.type === 'Identifier' ? (key.name as string) : String(key.value));
      }
    }
  });
  names.delete('default');
  return [...names].filter(isName);
}

function syntaxMessage(path: string, err: unknown, format: 'esm' | 'cjs'): string {
  const msg = err instanceof Error ? err.message : String(err);
  const hint = format === 'cjs' && /'import' and 'export' may appear only/.test(msg) ? ` (${path} is CommonJS: a .js file is an ES module only when package.json says "type": "module")` : '';
  return `${path}: ${msg}${hint}`;
}

/** Where an import's attributes (`with { type: 'json' }`, or import()'s second argument) end, so they can be cut; undefined when it has none. */
function attributesEnd(n: AnyNode, code: string): number | undefined {
  if (n.type === 'ImportExpression') return (n.options as AnyNode | null | undefined)?.end;
  const attrs = n.attributes as AnyNode[] | undefined;
  if (!attrs?.length) return undefined;
  const close = code.indexOf('}', attrs[attrs.length - 1].end);
  return close < 0 ? undefined : close + 1;
}

function prepareModule(path: string, code: string, format: PreparedModule['format'], files: TaskFiles, packageType: unknown): PreparedModule {
  const m: PreparedModule = { path, format, code, imports: [], cjsExports: [] };
  if (format === 'json') {
    try {
      JSON.parse(code);
    } catch (err) {
      m.syntaxError = `${path}: ${(err as Error).message}`;
    }
    return m;
  }
  let program: Node;
  try {
    program = parse(code, { ecmaVersion: 'latest', sourceType: format === 'esm' ? 'module' : 'script', allowHashBang: true, allowReturnOutsideFunction: format === 'cjs' });
  } catch (err) {
    m.syntaxError = syntaxMessage(path, err, format);
    return m;
  }
  if (format === 'cjs') {
    m.cjsExports = cjsExportNames(program);
    return m;
  }
  walk(program, (n) => {
    const isStatic = n.type === 'ImportDeclaration' || n.type === 'ExportAllDeclaration' || n.type === 'ExportNamedDeclaration';
    const source = (isStatic || n.type === 'ImportExpression' ? n.source : null) as AnyNode | null;
    if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
    const target = resolveImport(source.value, path, files);
    const site: ImportSite = { start: source.start, end: source.end, dynamic: n.type === 'ImportExpression', target };
    // A JSON file becomes a JS module (a JSON module's fetch would need connect-src): its `with { type: 'json' }` goes.
    if ('path' in target && formatOf(target.path, packageType) === 'json') site.dropTo = attributesEnd(n, code);
    m.imports.push(site);
  });
  return m;
}

export function formatOf(path: string, packageType: unknown): PreparedModule['format'] | null {
  if (path.endsWith('.mjs')) return 'esm';
  if (path.endsWith('.cjs')) return 'cjs';
  if (path.endsWith('.js')) return packageType === 'module' ? 'esm' : 'cjs';
  if (path.endsWith('.json')) return 'json';
  return null;
}

/** Every file the sandbox can load, prepared; the test files; the files to lint. `files` must have passed validation (core/pipeline/task-files.ts). */
export function prepareTask(files: TaskFiles): PreparedTask {
  let pkg: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = files['package.json'] === undefined ? null : JSON.parse(files['package.json']);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) pkg = parsed as Record<string, unknown>;
  } catch {
    pkg = null;
  }
  const modules: Record<string, PreparedModule> = {};
  const paths = Object.keys(files);
  for (const path of paths) {
    const format = formatOf(path, pkg?.type);
    if (format) modules[path] = prepareModule(path, files[path], format, files, pkg?.type);
  }
  return {
    modules,
    testFiles: findTestFiles(paths, pkg),
    lintFiles: paths.filter((p) => SCRIPT.test(p) && !p.split('/').includes('node_modules')).map((p) => ({ path: p, code: files[p] })),
  };
}
