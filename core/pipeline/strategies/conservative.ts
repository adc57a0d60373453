// The conservative strategy: every exported function and method of an exported class checks its arguments first, with the checks its JSDoc types imply (typeof, Array.isArray, integers, NaN), or a null check where none is documented.
import type { Program } from 'acorn';
import { generate } from 'astring';
import { expression, statements, type Node } from '../js-ast';
import { paramDocs, type ParamDoc } from './jsdoc';
import { exportedFunctions, type Target } from './targets';
import type { TransformChange } from './types';

interface Check { test: string; error: 'TypeError' | 'RangeError'; message: string }

/** The checks a documented type implies; none for types that admit anything (`*`, nullable `?T`, unions with null/undefined). */
export function checksFor(name: string, doc: ParamDoc | undefined): Check[] {
  const required: Check = { test: `${name} === undefined || ${name} === null`, error: 'TypeError', message: `${name} is required` };
  if (!doc) return [required];
  const type = doc.type.replace(/\s+/g, '');
  const lower = type.toLowerCase();
  if (lower === '*' || lower === 'any' || lower.startsWith('?') || /(^|\|)(null|undefined)(\||$)/.test(lower)) return [];
  const typeOf = (t: string): Check => ({ test: `typeof ${name} !== '${t}'`, error: 'TypeError', message: `${name} must be a ${t}` });
  switch (lower) {
    case 'string': return [typeOf('string')];
    case 'boolean': return [typeOf('boolean')];
    case 'function': return [typeOf('function')];
    case 'number':
      return [typeOf('number'), { test: `Number.isNaN(${name})`, error: 'RangeError', message: `${name} must not be NaN` }];
    case 'integer':
      return [
        { test: `typeof ${name} !== 'number'`, error: 'TypeError', message: `${name} must be an integer` },
        { test: `!Number.isInteger(${name})`, error: 'RangeError', message: `${name} must be an integer` },
      ];
    case 'object':
      return [{ test: `typeof ${name} !== 'object' || ${name} === null`, error: 'TypeError', message: `${name} must be an object` }];
    default:
      if (lower.endsWith('[]') || /^array(<.*>)?$/.test(lower)) {
        return [{ test: `!Array.isArray(${name})`, error: 'TypeError', message: `${name} must be an array` }];
      }
      return [required];
  }
}

/** The conditions of the if-statements a body already opens with, printed the same way ours are, so no check is added twice. */
function existingChecks(fn: Target['fn']): Set<string> {
  const out = new Set<string>();
  if (fn.body.type !== 'BlockStatement') return out;
  for (const stmt of fn.body.body as Node[]) {
    if (stmt.type !== 'IfStatement') break;
    out.add(generate(stmt.test));
  }
  return out;
}

function checkStatements(target: Target): { nodes: Node[]; changes: TransformChange[] } {
  const docs = paramDocs(target.jsdoc);
  const existing = existingChecks(target.fn);
  const nodes: Node[] = [];
  const changes: TransformChange[] = [];
  const add = (test: string, error: string, message: string) => {
    if (existing.has(generate(expression(test)))) return;
    nodes.push(...statements(`if (${test}) { throw new ${error}(${message}); }`));
    changes.push({ kind: 'added-check', where: target.label, detail: `${test} → ${error}` });
  };
  const params = target.fn.params as Node[];
  // Arity: the parameters before the first defaulted, destructured, rest or documented-optional one are required.
  let required = 0;
  while (required < params.length && params[required].type === 'Identifier' && !docs.get((params[required] as Node & { name: string }).name)?.optional) required++;
  if (required > 0 && target.fn.type !== 'ArrowFunctionExpression') {
    add(`arguments.length < ${required}`, 'TypeError', `${JSON.stringify(`${target.label} expects ${required} argument${required > 1 ? 's' : ''}, got `)} + arguments.length`);
  }
  for (const param of params) {
    // A default value or a pattern means the caller may leave it out or shape it freely: nothing to require.
    if (param.type !== 'Identifier') continue;
    const doc = docs.get(param.name);
    for (const c of checksFor(param.name, doc)) {
      add(doc?.optional ? `${param.name} !== undefined && (${c.test})` : c.test, c.error, JSON.stringify(c.message));
    }
  }
  return { nodes, changes };
}

export function conservative(program: Program): TransformChange[] {
  const changes: TransformChange[] = [];
  for (const target of exportedFunctions(program)) {
    const { nodes, changes: added } = checkStatements(target);
    if (nodes.length === 0) continue;
    const fn = target.fn;
    if (fn.body.type !== 'BlockStatement') {
      // An arrow with an expression body becomes a block: checks, then the expression returned.
      const ret = statements('return 0;')[0] as Node & { argument: Node };
      ret.argument = fn.body as Node;
      fn.body = { type: 'BlockStatement', body: [...nodes, ret], start: fn.body.start, end: fn.body.end } as never;
      (fn as { expression: boolean }).expression = false;
      changes.push(...added);
      continue;
    }
    const body = fn.body.body as Node[];
    let at = 0;
    while (at < body.length && body[at].type === 'ExpressionStatement' && typeof (body[at] as { directive?: string }).directive === 'string') at++;
    if (target.derivedConstructor) {
      // `this` is unusable before super(): the checks go right after it, or nowhere when it is not a top-level statement.
      const i = body.findIndex((s) => s.type === 'ExpressionStatement' && s.expression.type === 'CallExpression' && s.expression.callee.type === 'Super');
      if (i < 0) continue;
      at = i + 1;
    }
    body.splice(at, 0, ...nodes);
    changes.push(...added);
  }
  return changes;
}
