// node's deep equality for the sandbox's assert: strict (deepStrictEqual: Object.is, same prototypes and tags) and loose (deepEqual: ==).

type Memo = Map<object, Set<object>>;

const tagOf = (v: object) => Object.prototype.toString.call(v);

function enumerableKeys(o: object, strict: boolean): (string | symbol)[] {
  const keys: (string | symbol)[] = Object.keys(o);
  if (strict) for (const s of Object.getOwnPropertySymbols(o)) if (Object.prototype.propertyIsEnumerable.call(o, s)) keys.push(s);
  return keys;
}

function bytes(v: ArrayBufferView | ArrayBuffer): Uint8Array {
  return ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new Uint8Array(v);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function primitiveEqual(a: unknown, b: unknown, strict: boolean): boolean {
  // Loose mode is node's: == with NaN equal to NaN.
  return strict ? Object.is(a, b) : a == b || (a !== a && b !== b); // eslint-disable-line eqeqeq
}

function setHas(set: Set<unknown>, value: unknown, strict: boolean, memo: Memo): boolean {
  if (typeof value !== 'object' || value === null) {
    if (set.has(value)) return true;
    if (strict) return false;
  }
  for (const candidate of set) if (equal(candidate, value, strict, memo)) return true;
  return false;
}

function setsEqual(a: Set<unknown>, b: Set<unknown>, strict: boolean, memo: Memo): boolean {
  if (a.size !== b.size) return false;
  for (const v of a) if (!setHas(b, v, strict, memo)) return false;
  return true;
}

function mapsEqual(a: Map<unknown, unknown>, b: Map<unknown, unknown>, strict: boolean, memo: Memo): boolean {
  if (a.size !== b.size) return false;
  outer: for (const [k, v] of a) {
    if ((typeof k !== 'object' || k === null) && b.has(k)) {
      if (!equal(v, b.get(k), strict, memo)) return false;
      continue;
    }
    for (const [k2, v2] of b) if (equal(k, k2, strict, memo) && equal(v, v2, strict, memo)) continue outer;
    return false;
  }
  return true;
}

/** What two objects of the same kind hold beyond their own keys (dates' times, regexps' sources, errors' messages, bytes, entries). */
function sameInternals(a: object, b: object, tag: string, strict: boolean, memo: Memo): boolean {
  switch (tag) {
    case '[object Date]':
      return Object.is((a as Date).getTime(), (b as Date).getTime());
    case '[object RegExp]':
      return (a as RegExp).source === (b as RegExp).source && (a as RegExp).flags === (b as RegExp).flags && (a as RegExp).lastIndex === (b as RegExp).lastIndex;
    case '[object Error]':
      return (a as Error).message === (b as Error).message && (a as Error).name === (b as Error).name;
    case '[object Number]':
    case '[object String]':
    case '[object Boolean]':
    case '[object BigInt]':
    case '[object Symbol]':
      return Object.is((a as object).valueOf(), (b as object).valueOf());
    case '[object Map]':
      return mapsEqual(a as Map<unknown, unknown>, b as Map<unknown, unknown>, strict, memo);
    case '[object Set]':
      return setsEqual(a as Set<unknown>, b as Set<unknown>, strict, memo);
    case '[object ArrayBuffer]':
    case '[object DataView]':
      return sameBytes(bytes(a as ArrayBuffer), bytes(b as ArrayBuffer));
  }
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    if (!strict && !(a instanceof Float32Array || a instanceof Float64Array)) return sameBytes(bytes(a), bytes(b));
    const x = a as unknown as ArrayLike<unknown>;
    const y = b as unknown as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!primitiveEqual(x[i], y[i], strict)) return false;
  }
  return true;
}

function equal(a: unknown, b: unknown, strict: boolean, memo: Memo): boolean {
  if (a === b) return a !== 0 || !strict || Object.is(a, b);
  const aObj = typeof a === 'object' ? a !== null : typeof a === 'function';
  const bObj = typeof b === 'object' ? b !== null : typeof b === 'function';
  if (!aObj || !bObj) return aObj || bObj ? false : primitiveEqual(a, b, strict);
  if (typeof a === 'function' || typeof b === 'function') return false;
  const x = a as object;
  const y = b as object;
  const tag = tagOf(x);
  if (tag !== tagOf(y)) return false;
  if (strict && Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x) && x.length !== (y as unknown[]).length) return false;
  // A pair already being compared is assumed equal: cycles end there, as in node.
  const pending = memo.get(x);
  if (pending?.has(y)) return true;
  if (pending) pending.add(y);
  else memo.set(x, new Set([y]));
  if (!sameInternals(x, y, tag, strict, memo)) return false;
  const xs = enumerableKeys(x, strict);
  const ys = enumerableKeys(y, strict);
  if (xs.length !== ys.length) return false;
  const yKeys = new Set(ys);
  for (const k of xs) {
    if (!yKeys.has(k)) return false;
    if (!equal((x as Record<string | symbol, unknown>)[k], (y as Record<string | symbol, unknown>)[k], strict, memo)) return false;
  }
  return true;
}

/** assert.deepStrictEqual's comparison. */
export function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  return equal(a, b, true, new Map());
}

/** assert.deepEqual's (legacy, loose) comparison. */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  return equal(a, b, false, new Map());
}
