// Parsing and printing task source as a syntax tree (acorn + astring): the strategies edit trees, never text; comments are kept on the statements they precede.
import { parse as acornParse, type AnyNode, type Comment, type Program } from 'acorn';
import { generate } from 'astring';

/** An ESTree node as acorn builds it, plus the comments astring prints before it. */
export type Node = AnyNode & { comments?: AstComment[]; trailingComments?: AstComment[] };
export interface AstComment { type: 'Line' | 'Block'; value: string }

export interface ParsedModule {
  program: Program;
  comments: Comment[];
}

/** Keys of a node that hold positions or printing hints, never child nodes. */
const NOT_CHILDREN = new Set(['type', 'start', 'end', 'loc', 'range', 'comments', 'trailingComments', 'raw', 'regex']);

export function parseModule(source: string): ParsedModule {
  const comments: Comment[] = [];
  const program = acornParse(source, { ecmaVersion: 2022, sourceType: 'module', onComment: comments });
  attachComments(program as Node, comments);
  return { program, comments };
}

export function printModule(program: Program): string {
  return generate(program, { comments: true });
}

/** The child nodes of a node, in source order of its keys. */
export function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const key of Object.keys(node)) {
    if (NOT_CHILDREN.has(key)) continue;
    const v = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(v)) {
      for (const item of v) if (isNode(item)) out.push(item);
    } else if (isNode(v)) {
      out.push(v);
    }
  }
  return out;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

/** Depth-first walk; `enter` returning false skips the node's children. */
export function walk(node: Node, enter: (node: Node, parent: Node | null) => boolean | void, parent: Node | null = null): void {
  if (enter(node, parent) === false) return;
  for (const child of children(node)) walk(child, enter, node);
}

/** The statement lists of a tree (program, blocks, class bodies, switch cases): where statements can be added or removed. */
export function statementLists(root: Node): Node[][] {
  const lists: Node[][] = [];
  walk(root, (n) => {
    if (n.type === 'Program' || n.type === 'BlockStatement' || n.type === 'StaticBlock') lists.push(n.body as Node[]);
    else if (n.type === 'ClassBody') lists.push(n.body as Node[]);
    else if (n.type === 'SwitchCase') lists.push(n.consequent as Node[]);
  });
  return lists;
}

/** Parses a snippet of statements (built from names this module chose, never from user text) into nodes to splice into a tree. */
export function statements(snippet: string): Node[] {
  return acornParse(snippet, { ecmaVersion: 2022, sourceType: 'module', allowReturnOutsideFunction: true }).body as Node[];
}

export function expression(snippet: string): Node {
  const stmt = statements(`(${snippet});`)[0];
  if (stmt.type !== 'ExpressionStatement') throw new Error(`not an expression: ${snippet}`);
  return stmt.expression as Node;
}

/** A deep copy of a subtree (a regex literal's RegExp value is shared: it is never mutated). */
export function clone<T>(node: T): T {
  if (Array.isArray(node)) return node.map((n) => clone(n)) as T;
  if (typeof node !== 'object' || node === null || node instanceof RegExp) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = clone(v);
  return out as T;
}

/** Gives each statement (and class member) the comments between its previous sibling and itself; the rest go to the end of the program. */
function attachComments(program: Node, comments: Comment[]): void {
  const used = new Set<Comment>();
  for (const list of statementLists(program)) {
    let prevEnd = -1;
    for (const stmt of list) {
      const before = comments.filter((c) => !used.has(c) && c.start >= prevEnd && c.end <= stmt.start);
      if (before.length > 0) {
        stmt.comments = before.map((c) => ({ type: c.type, value: c.value }));
        for (const c of before) used.add(c);
      }
      prevEnd = stmt.end;
    }
  }
  // Comments after the last statement of the program, or inside nodes that print none (expressions), end the file.
  const rest = comments.filter((c) => !used.has(c) && c.start >= (program.type === 'Program' ? lastEnd(program) : 0));
  if (rest.length > 0) program.trailingComments = rest.map((c) => ({ type: c.type, value: c.value }));
}

function lastEnd(program: Node): number {
  const body = (program as Program).body;
  return body.length > 0 ? body[body.length - 1].end : 0;
}

/** The JSDoc block (a Block comment starting with '*') a node carries, if any. */
export function jsdocOf(node: Node): string | undefined {
  const docs = (node.comments ?? []).filter((c) => c.type === 'Block' && c.value.startsWith('*'));
  return docs.length > 0 ? docs[docs.length - 1].value : undefined;
}
