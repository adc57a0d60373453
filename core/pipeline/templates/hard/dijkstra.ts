// Hard template: Dijkstra's shortest paths on a binary heap, with path reconstruction, for seeded names and graphs; expected distances come from Bellman-Ford here (an independent algorithm).
import type { Rng } from '../../../random';
import type { TaskTemplate } from '../../task';
import { intIn, lit, pick } from '../util';

const NAMES = [['shortestDistances', 'shortestPath'], ['dijkstra', 'route'], ['distancesFrom', 'pathTo'], ['travelCosts', 'cheapestPath']];

type Edge = [number, number, number];

function graph(rng: Rng): { n: number; edges: Edge[] } {
  const n = intIn(rng, 6, 10);
  const edges: Edge[] = [];
  for (let i = 0; i < n * 2; i++) {
    const from = rng.int(n);
    let to = rng.int(n);
    if (to === from) to = (to + 1) % n;
    edges.push([from, to, intIn(rng, 0, 20)]);
  }
  return { n, edges };
}

/** Bellman-Ford: relax every edge n-1 times. Unreachable nodes stay null (Infinity in the tests). */
function bellmanFord(n: number, edges: Edge[], source: number): (number | null)[] {
  const d = Array.from({ length: n }, () => Infinity);
  d[source] = 0;
  for (let k = 0; k < n - 1; k++) for (const [u, v, w] of edges) if (d[u] + w < d[v]) d[v] = d[u] + w;
  return d.map((x) => (Number.isFinite(x) ? x : null));
}

export const dijkstra: TaskTemplate = {
  id: 'dijkstra',
  complexity: 'hard',
  topic: 'graph-search',
  generate(rng) {
    const [fn, pathFn] = pick(rng, NAMES);
    const graphs = [graph(rng), graph(rng)].map((g) => ({ ...g, source: rng.int(g.n) }));
    const expected = graphs.map((g) => bellmanFord(g.n, g.edges, g.source));
    const source = String.raw`// Graph search: ${fn} runs Dijkstra's algorithm over directed edges with weights of at least 0, using a binary heap; ${pathFn} rebuilds one shortest path.

/**
 * The shortest distance from source to every node (Infinity when unreachable).
 * @param {integer} nodeCount
 * @param {Array} edges - [from, to, weight] triples
 * @param {integer} source
 * @returns {number[]}
 */
export function ${fn}(nodeCount, edges, source) {
  return search(nodeCount, edges, source).distance;
}

/**
 * The nodes of one shortest path from source to target, or null when target is unreachable.
 * @param {integer} nodeCount
 * @param {Array} edges
 * @param {integer} source
 * @param {integer} target
 * @returns {number[] | null}
 */
export function ${pathFn}(nodeCount, edges, source, target) {
  if (!Number.isInteger(target) || target < 0 || target >= nodeCount) throw new RangeError('target must be a node index');
  const { distance, previous } = search(nodeCount, edges, source);
  if (distance[target] === Infinity) return null;
  const path = [];
  // previous[source] is -1: the walk back stops there.
  for (let node = target; node >= 0; node = previous[node]) path.unshift(node);
  return path;
}

function search(nodeCount, edges, source) {
  if (!Number.isInteger(nodeCount) || nodeCount < 1) throw new RangeError('nodeCount must be an integer of at least 1');
  if (!Array.isArray(edges)) throw new TypeError('edges must be an array');
  if (!Number.isInteger(source) || source < 0 || source >= nodeCount) throw new RangeError('source must be a node index');
  const out = Array.from({ length: nodeCount }, () => []);
  for (const [from, to, weight] of edges) {
    if (!isNode(from, nodeCount) || !isNode(to, nodeCount)) throw new RangeError('edge ends must be node indices');
    if (typeof weight !== 'number' || !(weight >= 0)) throw new RangeError('edge weights must be numbers of at least 0');
    out[from].push([to, weight]);
  }
  const distance = new Array(nodeCount).fill(Infinity);
  const previous = new Array(nodeCount).fill(-1);
  distance[source] = 0;
  const heap = [[0, source]];
  while (heap.length > 0) {
    const [d, node] = pop(heap);
    if (d > distance[node]) continue;
    for (const [next, weight] of out[node]) {
      if (d + weight < distance[next]) {
        distance[next] = d + weight;
        previous[next] = node;
        push(heap, [d + weight, next]);
      }
    }
  }
  return { distance, previous };
}

function isNode(i, nodeCount) {
  return Number.isInteger(i) && i >= 0 && i < nodeCount;
}

function push(heap, entry) {
  heap.push(entry);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent][0] <= heap[i][0]) break;
    [heap[parent], heap[i]] = [heap[i], heap[parent]];
    i = parent;
  }
}

function pop(heap) {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
      if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
      if (m === i) break;
      [heap[m], heap[i]] = [heap[i], heap[m]];
      i = m;
    }
  }
  return top;
}
`;
    const tests = String.raw`// Tests for ${fn} and ${pathFn}: seeded graphs against Bellman-Ford, unreachable nodes, zero-weight edges, paths that add up, and invalid graphs.
import { describe, it } from 'node:test';
import assert from 'node:assert';
import { ${fn}, ${pathFn} } from '../src/graph.js';

const GRAPHS = ${lit(graphs)};
const EXPECTED = ${lit(expected)};

function weightOf(edges, path) {
  let total = 0;
  for (let i = 1; i < path.length; i++) {
    const options = edges.filter(([u, v]) => u === path[i - 1] && v === path[i]).map(([, , w]) => w);
    assert.ok(options.length > 0, 'no edge ' + path[i - 1] + ' -> ' + path[i]);
    total += Math.min(...options);
  }
  return total;
}

describe('${fn}', () => {
  it('matches Bellman-Ford on seeded graphs', () => {
    GRAPHS.forEach((g, i) => {
      assert.deepStrictEqual(${fn}(g.n, g.edges, g.source), EXPECTED[i].map((d) => (d === null ? Infinity : d)));
    });
  });

  it('gives Infinity for unreachable nodes and 0 for the source', () => {
    assert.deepStrictEqual(${fn}(3, [[0, 1, 4]], 0), [0, 4, Infinity]);
    assert.deepStrictEqual(${fn}(1, [], 0), [0]);
  });

  it('follows zero-weight edges', () => {
    assert.deepStrictEqual(${fn}(3, [[0, 1, 0], [1, 2, 0], [0, 2, 5]], 0), [0, 0, 0]);
  });

  it('throws a RangeError for negative weights and edges to unknown nodes', () => {
    assert.throws(() => ${fn}(2, [[0, 1, -1]], 0), RangeError);
    assert.throws(() => ${fn}(2, [[0, 2, 1]], 0), RangeError);
  });

  it('throws for a bad source, node count or edge list', () => {
    assert.throws(() => ${fn}(3, [], 3), RangeError);
    assert.throws(() => ${fn}(3, [], -1), RangeError);
    assert.throws(() => ${fn}(0, [], 0), RangeError);
    assert.throws(() => ${fn}(3, 'edges', 0), TypeError);
  });
});

describe('${pathFn}', () => {
  it('rebuilds paths whose weight is the shortest distance', () => {
    GRAPHS.forEach((g, i) => {
      EXPECTED[i].forEach((d, target) => {
        const path = ${pathFn}(g.n, g.edges, g.source, target);
        if (d === null) {
          assert.strictEqual(path, null);
        } else {
          assert.strictEqual(path[0], g.source);
          assert.strictEqual(path[path.length - 1], target);
          assert.strictEqual(weightOf(g.edges, path), d);
        }
      });
    });
  });

  it('throws a RangeError for a target that is not a node', () => {
    assert.throws(() => ${pathFn}(3, [], 0, 5), RangeError);
  });
});
`;
    return {
      title: "Dijkstra's shortest paths",
      description: `${fn}(nodeCount, edges, source) returns shortest distances over non-negative directed edges (Dijkstra with a binary heap) and ${pathFn}(nodeCount, edges, source, target) one shortest path; invalid graphs throw RangeError or TypeError.`,
      module: 'graph',
      source,
      tests,
    };
  },
};
