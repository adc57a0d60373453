// Reads the @param tags of a JSDoc comment (type, name, optional): the conservative strategy turns documented types into runtime checks.

export interface ParamDoc {
  name: string;
  /** The type as written, without braces: 'string', 'number[]', 'Array<string>', '*'. */
  type: string;
  /** `[name]`, `[name=default]` or a type ending in '='. */
  optional: boolean;
}

export function paramDocs(jsdoc: string | undefined): Map<string, ParamDoc> {
  const out = new Map<string, ParamDoc>();
  if (jsdoc === undefined) return out;
  let i = 0;
  for (;;) {
    i = jsdoc.indexOf('@param', i);
    if (i < 0) break;
    i += '@param'.length;
    while (i < jsdoc.length && /\s/.test(jsdoc[i])) i++;
    let type = '*';
    if (jsdoc[i] === '{') {
      // Balanced braces: record types such as {{a: number}} nest.
      let depth = 0;
      const start = i + 1;
      for (; i < jsdoc.length; i++) {
        if (jsdoc[i] === '{') depth++;
        else if (jsdoc[i] === '}' && --depth === 0) break;
      }
      type = jsdoc.slice(start, i).trim();
      i++;
      while (i < jsdoc.length && /\s/.test(jsdoc[i])) i++;
    }
    let optional = type.endsWith('=');
    if (optional) type = type.slice(0, -1);
    let name = '';
    if (jsdoc[i] === '[') {
      optional = true;
      const close = jsdoc.indexOf(']', i);
      name = jsdoc.slice(i + 1, close < 0 ? undefined : close).split('=')[0].trim();
    } else {
      const m = /^[A-Za-z_$][\w$]*/.exec(jsdoc.slice(i));
      name = m ? m[0] : '';
    }
    if (name !== '') out.set(name, { name, type, optional });
  }
  return out;
}
