// A small util.inspect for assertion messages in the sandbox: node's notation for the values tests compare, depth- and length-limited.

const MAX_ITEMS = 20;
const MAX_CHARS = 2000;

function quote(s: string): string {
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return body.includes("'") && !body.includes('"') ? `"${body}"` : `'${body.replace(/'/g, "\\'")}'`;
}

function key(k: string | symbol): string {
  if (typeof k === 'symbol') return `[${k.toString()}]`;
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k);
}

function list(items: string[], open: string, close: string): string {
  return items.length === 0 ? `${open}${close}` : `${open} ${items.join(', ')} ${close}`;
}

/** The message of anything thrown, as node prints it: 'Name: message' for errors. */
export function errorText(e: unknown): string {
  try {
    if (e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e)) {
      const err = e as { name?: unknown; message?: unknown };
      const name = typeof err.name === 'string' && err.name ? err.name : 'Error';
      return `${name}: ${String(err.message)}`;
    }
    return `Uncaught ${inspect(e)}`;
  } catch {
    return 'an error that could not be printed';
  }
}

function inner(v: unknown, depth: number, seen: object[]): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'undefined':
    case 'boolean':
      return String(v);
    case 'symbol':
      return v.toString();
    case 'function':
      return v.name ? `[Function: ${v.name}]` : '[Function (anonymous)]';
  }
  const o = v as object;
  if (seen.includes(o)) return '[Circular]';
  if (depth > 2) return Array.isArray(o) ? '[Array]' : '[Object]';
  const next = [...seen, o];
  const sub = (x: unknown) => inner(x, depth + 1, next);
  if (o instanceof Date) return Number.isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString();
  if (o instanceof RegExp) return o.toString();
  if (o instanceof Error) return `[${errorText(o)}]`;
  if (Array.isArray(o)) {
    const items: string[] = [];
    for (let i = 0; i < o.length && i < MAX_ITEMS; i++) items.push(i in o ? sub(o[i]) : '<empty>');
    if (o.length > MAX_ITEMS) items.push(`... ${o.length - MAX_ITEMS} more items`);
    return list(items, '[', ']');
  }
  if (o instanceof Map) {
    const items = [...o].slice(0, MAX_ITEMS).map(([k, val]) => `${sub(k)} => ${sub(val)}`);
    return `Map(${o.size}) ${list(items, '{', '}')}`;
  }
  if (o instanceof Set) return `Set(${o.size}) ${list([...o].slice(0, MAX_ITEMS).map(sub), '{', '}')}`;
  const keys = Reflect.ownKeys(o).filter((k) => Object.prototype.propertyIsEnumerable.call(o, k));
  const items = keys.slice(0, MAX_ITEMS).map((k) => `${key(k)}: ${sub((o as Record<string | symbol, unknown>)[k])}`);
  const proto: unknown = Object.getPrototypeOf(o);
  let prefix = '';
  if (proto === null) prefix = '[Object: null prototype] ';
  else if (proto !== Object.prototype) {
    const ctor = (proto as { constructor?: { name?: unknown } }).constructor;
    prefix = typeof ctor?.name === 'string' && ctor.name ? `${ctor.name} ` : '';
  }
  return prefix + list(items, '{', '}');
}

/** node's notation for a value (strings quoted, objects and arrays spelled out three levels deep), at most 2000 characters. */
export function inspect(v: unknown): string {
  let s: string;
  try {
    s = inner(v, 0, []);
  } catch {
    s = '[a value that could not be printed]';
  }
  return s.length > MAX_CHARS ? `${s.slice(0, MAX_CHARS)}…` : s;
}
