// The aggressive strategy: drops guards and validation (ifs that only throw, early returns on type or null checks) and inlines small helpers (one return, called from one place).
import type { Program } from 'acorn';
import { clone, statementLists, type Node } from '../js-ast';
import type { TransformChange } from './types';

type WithKey = (node: Node, parent: Node | null, key: string, ancestors: readonly Node[]) => void;

/** Walk that tells each visit under which key of its parent a node sits (whether an identifier is a reference depends on it). */
function walkKeys(node: Node, visit: WithKey, parent: Node | null = null, key = '', ancestors: Node[] = []): void {
  visit(node, parent, key, ancestors);
  ancestors.push(node);
  for (const k of Object.keys(node)) {
    const v = (node as unknown as Record<string, unknown>)[k];
    if (Array.isArray(v)) {
      for (const item of v) if (isNode(item)) walkKeys(item, visit, node, k, ancestors);
    } else if (isNode(v) && k !== 'comments' && k !== 'trailingComments') {
      walkKeys(v, visit, node, k, ancestors);
    }
  }
  ancestors.pop();
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

/** Whether an identifier at this place names a binding (rather than a property key or a label). */
function isReference(parent: Node | null, key: string): boolean {
  if (!parent) return true;
  const computed = (parent as { computed?: boolean }).computed === true;
  if (parent.type === 'MemberExpression' && key === 'property') return computed;
  if ((parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && key === 'key') return computed;
  if ((parent.type === 'LabeledStatement' || parent.type === 'BreakStatement' || parent.type === 'ContinueStatement') && key === 'label') return false;
  return true;
}

function single(stmt: Node, type: string): boolean {
  if (stmt.type === type) return true;
  return stmt.type === 'BlockStatement' && stmt.body.length === 1 && stmt.body[0].type === type;
}

function isNullish(s: Node): boolean {
  return (s.type === 'Literal' && s.value === null && !('regex' in s)) || (s.type === 'Identifier' && s.name === 'undefined');
}

const NUMBER_CHECKS = new Set(['isInteger', 'isFinite', 'isNaN', 'isSafeInteger']);

/** A condition that checks an argument's type or presence: typeof, Array.isArray, Number.isX, isNaN, instanceof, comparisons with null or undefined. */
export function isValidationTest(expr: Node): boolean {
  let found = false;
  walkKeys(expr, (n) => {
    if (found) return;
    if (n.type === 'UnaryExpression' && n.operator === 'typeof') found = true;
    else if (n.type === 'BinaryExpression' && n.operator === 'instanceof') found = true;
    else if (n.type === 'BinaryExpression' && ['===', '!==', '==', '!='].includes(n.operator)) {
      if (isNullish(n.left as Node) || isNullish(n.right as Node)) found = true;
    } else if (n.type === 'CallExpression') {
      const c = n.callee as Node;
      if (c.type === 'Identifier' && (c.name === 'isNaN' || c.name === 'isFinite')) found = true;
      if (c.type === 'MemberExpression' && !c.computed && c.object.type === 'Identifier' && c.property.type === 'Identifier') {
        if (c.object.name === 'Array' && c.property.name === 'isArray') found = true;
        if (c.object.name === 'Number' && NUMBER_CHECKS.has(c.property.name)) found = true;
      }
    }
  });
  return found;
}

/** Whether an if-statement is a guard: its branch only throws, or only returns early on a failed type/presence check. */
export function isGuard(stmt: Node): boolean {
  if (stmt.type !== 'IfStatement') return false;
  const consequent = stmt.consequent as Node;
  if (single(consequent, 'ThrowStatement')) return true;
  return single(consequent, 'ReturnStatement') && isValidationTest(stmt.test as Node);
}

function guardText(stmt: Node & { type: 'IfStatement' }, source: string): string {
  const text = source.slice(stmt.test.start, stmt.test.end);
  return `if (${text.length > 80 ? `${text.slice(0, 77)}...` : text})`;
}

function removeGuards(program: Program, source: string): TransformChange[] {
  const changes: TransformChange[] = [];
  const owner = new Map<Node[], string>();
  // Name each statement list after the function it belongs to, for the change log.
  walkKeys(program as Node, (n, _p, _k, ancestors) => {
    if (n.type !== 'BlockStatement') return;
    const fn = ancestors.toReversed().find((a) => a.type === 'FunctionDeclaration' || a.type === 'MethodDefinition' || a.type === 'VariableDeclarator');
    let name = '(module)';
    if (fn?.type === 'FunctionDeclaration' && fn.id) name = fn.id.name;
    else if (fn?.type === 'MethodDefinition' && fn.key.type === 'Identifier') name = fn.key.name;
    else if (fn?.type === 'VariableDeclarator' && fn.id.type === 'Identifier') name = fn.id.name;
    owner.set(n.body as Node[], name);
  });
  for (const list of statementLists(program as Node)) {
    for (let i = list.length - 1; i >= 0; i--) {
      const stmt = list[i];
      if (!isGuard(stmt) || stmt.type !== 'IfStatement') continue;
      changes.push({ kind: 'removed-guard', where: owner.get(list) ?? '(module)', detail: guardText(stmt, source) });
      if (stmt.alternate) list.splice(i, 1, stmt.alternate as Node);
      else list.splice(i, 1);
    }
  }
  return changes.toReversed();
}

/** Names a function binds anywhere inside it (parameters, variables, functions, classes, catch parameters): over-counting only makes inlining more cautious. */
function declaredIn(fn: Node): Set<string> {
  const names = new Set<string>();
  const addPattern = (p: Node | null | undefined): void => {
    if (!p) return;
    walkKeys(p, (n, parent, key) => {
      if (n.type === 'Identifier' && isReference(parent, key) && !(parent?.type === 'AssignmentPattern' && key === 'right')) names.add(n.name);
    });
  };
  walkKeys(fn, (n) => {
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') {
      if (n.type !== 'ArrowFunctionExpression' && n.id) names.add(n.id.name);
      for (const p of n.params) addPattern(p as Node);
    } else if (n.type === 'VariableDeclarator') addPattern(n.id as Node);
    else if (n.type === 'ClassDeclaration' && n.id) names.add(n.id.name);
    else if (n.type === 'CatchClause') addPattern(n.param as Node | null);
  });
  return names;
}

interface Helper { decl: Node & { type: 'FunctionDeclaration' }; name: string; params: string[]; expr: Node }

/** Top-level, unexported function declarations whose whole body is `return <expression>` of a kind safe to substitute. */
function smallHelpers(program: Program): Helper[] {
  const out: Helper[] = [];
  for (const stmt of program.body as Node[]) {
    if (stmt.type !== 'FunctionDeclaration' || !stmt.id || stmt.async || stmt.generator) continue;
    if (stmt.body.body.length !== 1 || stmt.body.body[0].type !== 'ReturnStatement' || !stmt.body.body[0].argument) continue;
    if (!stmt.params.every((p) => p.type === 'Identifier')) continue;
    const expr = stmt.body.body[0].argument as Node;
    let unsafe = false;
    walkKeys(expr, (n) => {
      if (['ThisExpression', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassExpression', 'AssignmentExpression',
        'UpdateExpression', 'AwaitExpression', 'YieldExpression', 'MetaProperty', 'Super'].includes(n.type)) unsafe = true;
      if (n.type === 'Identifier' && n.name === 'arguments') unsafe = true;
    });
    if (unsafe) continue;
    out.push({ decl: stmt, name: stmt.id.name, params: stmt.params.map((p) => (p as Node & { name: string }).name), expr });
  }
  return out;
}

function freeNames(expr: Node, params: readonly string[]): Set<string> {
  const out = new Set<string>();
  walkKeys(expr, (n, parent, key) => {
    if (n.type === 'Identifier' && isReference(parent, key) && !params.includes(n.name)) out.add(n.name);
  });
  return out;
}

function paramUses(expr: Node, name: string): number {
  let count = 0;
  walkKeys(expr, (n, parent, key) => {
    if (n.type === 'Identifier' && n.name === name && isReference(parent, key)) count++;
  });
  return count;
}

/** The helper's expression with each parameter replaced by its argument. */
function substitute(expr: Node, args: Map<string, Node>): Node {
  const copy = clone(expr);
  const replace = (node: Node): Node => {
    for (const k of Object.keys(node)) {
      if (k === 'comments' || k === 'trailingComments') continue;
      const rec = node as unknown as Record<string, unknown>;
      const v = rec[k];
      const swap = (child: Node): Node => {
        if (child.type === 'Identifier' && args.has(child.name) && isReference(node, k)) {
          if (node.type === 'Property' && k === 'value') (node as { shorthand: boolean }).shorthand = false;
          return clone(args.get(child.name)!);
        }
        return replace(child);
      };
      if (Array.isArray(v)) rec[k] = v.map((item) => (isNode(item) ? swap(item) : item));
      else if (isNode(v)) rec[k] = swap(v);
    }
    return node;
  };
  if (copy.type === 'Identifier' && args.has(copy.name)) return clone(args.get(copy.name)!);
  return replace(copy);
}

function isSimple(arg: Node): boolean {
  return arg.type === 'Identifier' || arg.type === 'Literal';
}

function inlineHelpers(program: Program): TransformChange[] {
  const changes: TransformChange[] = [];
  for (const helper of smallHelpers(program)) {
    const name = helper.name;
    const refs: { parent: Node | null; key: string; ancestors: Node[]; node: Node }[] = [];
    walkKeys(program as Node, (n, parent, key, ancestors) => {
      if (n.type === 'Identifier' && n.name === name && n !== helper.decl.id && isReference(parent, key)) refs.push({ parent, key, ancestors: [...ancestors], node: n });
    });
    if (refs.length !== 1) continue;
    const { parent: call, key, ancestors } = refs[0];
    if (!call || call.type !== 'CallExpression' || key !== 'callee' || call.optional) continue;
    const args = call.arguments as Node[];
    if (args.length !== helper.params.length || args.some((a) => a.type === 'SpreadElement')) continue;
    // An argument used other than once would be evaluated a different number of times: only plain names and literals may be.
    if (helper.params.some((p, i) => paramUses(helper.expr, p) !== 1 && !isSimple(args[i]))) continue;
    // The helper's free names must mean the same at the call site: none may be rebound by an enclosing function.
    const free = freeNames(helper.expr, helper.params);
    const shadowed = ancestors.filter((a) => a.type.includes('Function')).some((fn) => [...declaredIn(fn)].some((d) => free.has(d)));
    if (shadowed || ancestors.includes(helper.decl)) continue;
    const inlined = substitute(helper.expr, new Map(helper.params.map((p, i) => [p, args[i]])));
    const target = call as unknown as Record<string, unknown>;
    for (const k of Object.keys(target)) if (k !== 'start' && k !== 'end') delete target[k];
    Object.assign(target, inlined, { start: call.start, end: call.end });
    const body = program.body as Node[];
    body.splice(body.indexOf(helper.decl), 1);
    changes.push({ kind: 'inlined-helper', where: name, detail: `${name}(${helper.params.join(', ')}) inlined at its only call` });
  }
  return changes;
}

export function aggressive(program: Program, source: string): TransformChange[] {
  return [...removeGuards(program, source), ...inlineHelpers(program)];
}
