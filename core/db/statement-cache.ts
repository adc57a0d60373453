// Prepared statements kept per SQL string, for every Db adapter: bounded, the least recently used evicted first.

/**
 * Preparing is most of the cost of a small statement (parse, plan, allocate), and core issues the same few
 * statements over and over. Bounded so a caller that builds SQL strings dynamically cannot grow it without limit.
 */
export class StatementCache<S> {
  /** SQL text → its statement; Map order is use order (least recent first). */
  readonly #map = new Map<string, S>();

  /** evict: what to do with a statement that leaves (finalize it, where the driver does not). */
  constructor(readonly limit: number, private readonly evict: (stmt: S) => void = () => {}) {}

  get size(): number {
    return this.#map.size;
  }

  /** The statement for sql, made by prepare on first use (or after eviction); now the most recently used. */
  get(sql: string, prepare: () => S): S {
    let stmt = this.#map.get(sql);
    if (stmt !== undefined) this.#map.delete(sql);
    else {
      stmt = prepare();
      if (this.#map.size >= this.limit) {
        const [oldest, old] = this.#map.entries().next().value!;
        this.#map.delete(oldest);
        this.evict(old);
      }
    }
    this.#map.set(sql, stmt);
    return stmt;
  }

  /** Evicts every statement (before the connection closes). */
  clear(): void {
    for (const stmt of this.#map.values()) this.evict(stmt);
    this.#map.clear();
  }
}
