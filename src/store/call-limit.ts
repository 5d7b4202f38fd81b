// A D1 handle that keeps at most `limit` queries in flight. Workers allow six simultaneous
// connections per invocation, D1 among them, and queue the rest inside the runtime; the queue
// consumer shares them between its mail connections and D1 by this limit instead.

/** At most `limit` pieces of work at once; the rest wait their turn in order. */
export class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

export function limitD1Calls(db: D1Database, limit: number): D1Database {
  const gate = new Gate(limit);
  const originals = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      first: (column?: string) => gate.run(() => (column === undefined ? statement.first() : statement.first(column))),
      run: () => gate.run(() => statement.run()),
      all: () => gate.run(() => statement.all()),
      raw: (options?: { columnNames?: boolean }) => gate.run(() => statement.raw(options as { columnNames: true })),
    } as unknown as D1PreparedStatement;
    originals.set(wrapped, statement);
    return wrapped;
  };
  return {
    prepare: (query: string) => wrap(db.prepare(query)),
    batch: (statements: D1PreparedStatement[]) => gate.run(() => db.batch(statements.map((s) => originals.get(s) ?? s))),
    exec: (query: string) => gate.run(() => db.exec(query)),
    dump: () => gate.run(() => db.dump()),
    withSession: (constraint?: string) => db.withSession(constraint),
  } as D1Database;
}
