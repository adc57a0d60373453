// The functions a module exports (declarations, exported arrows, methods of exported classes), each with the JSDoc that documents it.
import type { Program } from 'acorn';
import { jsdocOf, type Node } from '../js-ast';

export interface Target {
  /** 'name' or 'Class.method', for the change log. */
  label: string;
  fn: Node & { type: 'FunctionDeclaration' | 'FunctionExpression' | 'ArrowFunctionExpression' };
  jsdoc: string | undefined;
  /** A constructor of a derived class: checks go after super(). */
  derivedConstructor: boolean;
}

type FnNode = Target['fn'];

function isFn(n: Node | null | undefined): n is FnNode {
  return !!n && (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression');
}

export function exportedFunctions(program: Program): Target[] {
  const out: Target[] = [];
  const body = program.body as Node[];
  // Names exported through `export { a, b }` are declared elsewhere in the module.
  const exportedNames = new Set<string>();
  for (const stmt of body) {
    if (stmt.type === 'ExportNamedDeclaration' && !stmt.declaration) {
      for (const s of stmt.specifiers) if (s.local.type === 'Identifier') exportedNames.add(s.local.name);
    }
  }
  for (const stmt of body) {
    const doc = jsdocOf(stmt);
    let decl: Node | null | undefined = null;
    let exported = false;
    if (stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportDefaultDeclaration') {
      decl = stmt.declaration as Node | null | undefined;
      exported = true;
    } else {
      decl = stmt;
    }
    if (!decl) continue;
    if (decl.type === 'FunctionDeclaration' || decl.type === 'FunctionExpression' || decl.type === 'ArrowFunctionExpression') {
      const name = decl.type !== 'ArrowFunctionExpression' && decl.id ? decl.id.name : 'default';
      if (exported || exportedNames.has(name)) out.push({ label: name, fn: decl, jsdoc: doc, derivedConstructor: false });
    } else if (decl.type === 'VariableDeclaration') {
      for (const d of decl.declarations) {
        const name = d.id.type === 'Identifier' ? d.id.name : '';
        if (isFn(d.init as Node) && (exported || exportedNames.has(name))) {
          out.push({ label: name, fn: d.init as FnNode, jsdoc: doc, derivedConstructor: false });
        }
      }
    } else if (decl.type === 'ClassDeclaration' || decl.type === 'ClassExpression') {
      const cls = decl.id ? decl.id.name : 'default';
      if (!exported && !exportedNames.has(cls)) continue;
      for (const member of decl.body.body as Node[]) {
        if (member.type !== 'MethodDefinition' || member.key.type === 'PrivateIdentifier') continue;
        const key = member.key.type === 'Identifier' ? member.key.name : '[computed]';
        out.push({
          label: `${cls}.${key}`, fn: member.value as FnNode, jsdoc: jsdocOf(member),
          derivedConstructor: member.kind === 'constructor' && !!decl.superClass,
        });
      }
    }
  }
  return out;
}
