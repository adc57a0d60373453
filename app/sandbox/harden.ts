// Locks the built-ins the shims rely on before task code runs in the same worker, so the task cannot rewrite them to forge or hide results.

/**
 * Names a program may legitimately set on its own objects although a built-in prototype already has them
 * (`this.name = 'MyError'`, `Child.prototype.constructor = Child`): they become accessors whose setter defines
 * the property on the object assigned to, so freezing the prototype does not break such code (SES's "override taming").
 */
const OVERRIDABLE = new Set<PropertyKey>(['constructor', 'name', 'message', 'toString', 'toLocaleString', 'valueOf', 'toJSON']);

/** Prototypes whose `constructor` V8 consults on hot paths (species, await): kept a frozen data property there, which keeps those paths fast. */
const FAST_CONSTRUCTOR = new Set<unknown>([Array.prototype, Promise.prototype, RegExp.prototype, (Object.getPrototypeOf(Uint8Array) as { prototype: object }).prototype]);

function tame(target: object): void {
  for (const key of Reflect.ownKeys(target)) {
    if (!OVERRIDABLE.has(key) || (key === 'constructor' && FAST_CONSTRUCTOR.has(target))) continue;
    const desc = Reflect.getOwnPropertyDescriptor(target, key);
    if (!desc || !('value' in desc) || !desc.configurable) continue;
    const value: unknown = desc.value;
    Object.defineProperty(target, key, {
      configurable: false,
      enumerable: desc.enumerable,
      get() {
        return value;
      },
      set(this: object, v: unknown) {
        if (this === target) throw new TypeError(`Cannot assign to ${String(key)} of a locked built-in in the sandbox`);
        Object.defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
      },
    });
  }
}

const protoOf = (v: object) => Object.getPrototypeOf(v) as object;

const ITERATOR_PROTOS = (): object[] => {
  const arrayIter = protoOf([][Symbol.iterator]());
  return [arrayIter, protoOf(arrayIter), protoOf(new Map()[Symbol.iterator]()), protoOf(new Set()[Symbol.iterator]()), protoOf(''[Symbol.iterator]()), protoOf(/a/[Symbol.matchAll](''))];
};

/**
 * Freezes what the node:test/node:assert shims and the report path use: the object model, arrays and their
 * iterators, functions, promises, collections, strings, regexps, errors' prototypes, typed arrays, Reflect, and
 * the global bindings that name them. Left alone, so tests may still stub them: Math, Date (not its prototype),
 * JSON, console, timers.
 */
export function lockdown(global: Record<string, unknown>): void {
  const constructors = ['Object', 'Array', 'Function', 'Promise', 'Map', 'Set', 'WeakMap', 'WeakSet', 'String', 'Symbol', 'RegExp', 'Number', 'Boolean', 'BigInt', 'ArrayBuffer', 'DataView', 'Uint8Array'];
  const typedArray = Object.getPrototypeOf(Uint8Array) as { prototype: object };
  const protos: object[] = [
    ...constructors.map((n) => (global[n] as { prototype: object }).prototype),
    typedArray.prototype,
    Date.prototype,
    Error.prototype,
    ...['TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError'].map((n) => (global[n] as { prototype: object }).prototype),
    Object.getPrototypeOf(async function () {}) as object,
    ...ITERATOR_PROTOS(),
  ];
  for (const p of protos) {
    tame(p);
    Object.freeze(p);
  }
  for (const n of constructors) Object.freeze(global[n]);
  Object.freeze(typedArray);
  Object.freeze(Reflect);
  // The global names themselves, so `globalThis.Promise = Fake` cannot swap what the shims call.
  for (const n of [...constructors, 'Reflect', 'Error', 'TypeError']) {
    Object.defineProperty(global, n, { writable: false, configurable: false });
  }
}
