// Medium template: a REST-style handler over an in-memory store (list, read, create, update, delete with HTTP status codes), for a seeded resource and field limit.
import type { TaskTemplate } from '../../task';
import { capitalize, intIn, lit, pick, word } from '../util';

const RESOURCES = [
  { name: 'users', fields: ['name', 'email'] },
  { name: 'books', fields: ['title', 'author'] },
  { name: 'notes', fields: ['title', 'body'] },
  { name: 'products', fields: ['name', 'sku'] },
  { name: 'tasks', fields: ['title', 'owner'] },
];

export const restHandler: TaskTemplate = {
  id: 'rest-handler',
  complexity: 'medium',
  topic: 'api',
  generate(rng) {
    const res = pick(rng, RESOURCES);
    const cls = `${capitalize(res.name)}Api`;
    const maxLength = intIn(rng, 20, 60);
    const [f1, f2] = res.fields;
    const one = { [f1]: word(rng), [f2]: word(rng) };
    const two = { [f1]: word(rng), [f2]: `${word(rng)} ${word(rng)}` };
    const changed = { [f1]: word(rng), [f2]: word(rng) };
    const base = `/${res.name}`;
    const source = String.raw`// REST-style handler for ${base}: list, read, create, update and delete over an in-memory store, answering with HTTP status codes.
const FIELDS = ${lit(res.fields)};
const MAX_LENGTH = ${maxLength};

function respond(status, body) {
  return { status, body };
}

export class ${cls} {
  constructor() {
    this.items = new Map();
    this.nextId = 1;
  }

  /**
   * Handles one request: GET ${base}, GET ${base}/:id, POST ${base}, PUT ${base}/:id, DELETE ${base}/:id.
   * @param {{method: string, path: string, body: object}} request
   * @returns {{status: number, body: *}}
   */
  handle(request) {
    if (typeof request !== 'object' || request === null) throw new TypeError('request must be an object');
    const { method, path, body } = request;
    if (typeof method !== 'string' || typeof path !== 'string') return respond(400, { error: 'method and path must be strings' });
    const segments = path.split('/').filter((s) => s !== '');
    if (segments[0] !== '${res.name}' || segments.length > 2) return respond(404, { error: 'not found' });
    if (segments.length === 1) {
      if (method === 'GET') return respond(200, [...this.items.values()]);
      if (method === 'POST') return this.create(body);
      return respond(405, { error: 'method not allowed' });
    }
    const id = Number(segments[1]);
    if (!Number.isInteger(id) || id < 1) return respond(400, { error: 'id must be a positive integer' });
    if (method === 'GET') return this.items.has(id) ? respond(200, this.items.get(id)) : respond(404, { error: 'not found' });
    if (method === 'PUT') return this.update(id, body);
    if (method === 'DELETE') return this.items.delete(id) ? respond(204, null) : respond(404, { error: 'not found' });
    return respond(405, { error: 'method not allowed' });
  }

  /**
   * @param {*} body
   * @returns {{status: number, body: *}}
   */
  create(body) {
    const error = invalid(body);
    if (error !== null) return respond(400, { error });
    const item = { id: this.nextId++, ...pickFields(body) };
    this.items.set(item.id, item);
    return respond(201, item);
  }

  /**
   * @param {integer} id
   * @param {*} body
   * @returns {{status: number, body: *}}
   */
  update(id, body) {
    if (!this.items.has(id)) return respond(404, { error: 'not found' });
    const error = invalid(body);
    if (error !== null) return respond(400, { error });
    const item = { id, ...pickFields(body) };
    this.items.set(id, item);
    return respond(200, item);
  }
}

function invalid(body) {
  if (typeof body !== 'object' || body === null) return 'body must be an object';
  for (const field of FIELDS) {
    if (typeof body[field] !== 'string' || body[field].trim() === '') return field + ' is required';
    if (body[field].length > MAX_LENGTH) return field + ' is longer than ' + MAX_LENGTH + ' characters';
  }
  return null;
}

function pickFields(body) {
  return Object.fromEntries(FIELDS.map((f) => [f, body[f]]));
}
`;
    const tests = String.raw`// Tests for ${cls}: the routes, their status codes, validation of bodies and ids, and malformed requests.
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert';
import { ${cls} } from '../src/api.js';

describe('${cls}', () => {
  let api;
  beforeEach(() => {
    api = new ${cls}();
  });

  it('lists nothing at first', () => {
    assert.deepStrictEqual(api.handle({ method: 'GET', path: '${base}' }), { status: 200, body: [] });
  });

  it('creates, reads and lists items', () => {
    const created = api.handle({ method: 'POST', path: '${base}', body: ${lit(one)} });
    assert.deepStrictEqual(created, { status: 201, body: { id: 1, ...${lit(one)} } });
    api.handle({ method: 'POST', path: '${base}', body: ${lit(two)} });
    assert.deepStrictEqual(api.handle({ method: 'GET', path: '${base}/2' }), { status: 200, body: { id: 2, ...${lit(two)} } });
    assert.strictEqual(api.handle({ method: 'GET', path: '${base}' }).body.length, 2);
  });

  it('refuses bodies with a missing, empty, wrong-typed or too long field', () => {
    const bad = [{}, { ${f1}: 'x' }, { ${f1}: '', ${f2}: 'y' }, { ${f1}: 7, ${f2}: 'y' }, { ${f1}: 'x', ${f2}: 'y'.repeat(${maxLength + 1}) }, null];
    for (const body of bad) assert.strictEqual(api.handle({ method: 'POST', path: '${base}', body }).status, 400, JSON.stringify(body));
    assert.strictEqual(api.handle({ method: 'POST', path: '${base}', body: { ${f1}: 'x', ${f2}: 'y'.repeat(${maxLength}) } }).status, 201);
  });

  it('updates and deletes, then answers 404', () => {
    api.handle({ method: 'POST', path: '${base}', body: ${lit(one)} });
    assert.deepStrictEqual(api.handle({ method: 'PUT', path: '${base}/1', body: ${lit(changed)} }), { status: 200, body: { id: 1, ...${lit(changed)} } });
    assert.strictEqual(api.handle({ method: 'PUT', path: '${base}/1', body: {} }).status, 400);
    assert.deepStrictEqual(api.handle({ method: 'DELETE', path: '${base}/1' }), { status: 204, body: null });
    assert.strictEqual(api.handle({ method: 'DELETE', path: '${base}/1' }).status, 404);
    assert.strictEqual(api.handle({ method: 'GET', path: '${base}/1' }).status, 404);
    assert.strictEqual(api.handle({ method: 'PUT', path: '${base}/9', body: ${lit(changed)} }).status, 404);
  });

  it('answers 400 for an id that is not a positive integer', () => {
    assert.strictEqual(api.handle({ method: 'GET', path: '${base}/abc' }).status, 400);
    assert.strictEqual(api.handle({ method: 'GET', path: '${base}/0' }).status, 400);
    assert.strictEqual(api.handle({ method: 'GET', path: '${base}/1.5' }).status, 400);
  });

  it('answers 404 for other paths and 405 for other methods', () => {
    assert.strictEqual(api.handle({ method: 'GET', path: '/${word(rng)}s' }).status, 404);
    assert.strictEqual(api.handle({ method: 'GET', path: '${base}/1/x' }).status, 404);
    assert.strictEqual(api.handle({ method: 'PATCH', path: '${base}' }).status, 405);
    assert.strictEqual(api.handle({ method: 'POST', path: '${base}/1' }).status, 405);
  });

  it('answers 400 when method or path is not a string, and throws a TypeError without a request', () => {
    assert.strictEqual(api.handle({ method: 5, path: '${base}' }).status, 400);
    assert.strictEqual(api.handle({ method: 'GET', path: ['${res.name}'] }).status, 400);
    assert.throws(() => api.handle(null), TypeError);
    assert.throws(() => api.handle('GET ${base}'), TypeError);
  });
});
`;
    return {
      title: 'REST handler',
      description: `${cls}.handle(request) serves GET/POST ${base} and GET/PUT/DELETE ${base}/:id from an in-memory store with status codes 200, 201, 204, 400, 404 and 405; fields ${res.fields.join(', ')} are required strings of at most ${maxLength} characters.`,
      module: 'api',
      source,
      tests,
    };
  },
};
