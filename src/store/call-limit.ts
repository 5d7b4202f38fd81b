// A D1 handle that keeps at most `limit` queries in flight. Workers allow six simultaneous
// connections per invocation, D1 among them, and queue the rest inside the runtime; the queue
// consumer shares them between its mail connections and D1 by this limit instead. It also counts
// the statements made, against D1's limit per invocation (QueryBudget).

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

/**
 * The D1 statements an invocation has made, against the platform's limit per invocation, and room
 * promised to steps under way. A step (a message's start, a send) takes room for the most it can
 * make before it starts, and gives it back when done: steps start only while every step under way
 * still has its room, and `kept` more stays for what follows a refused step (a release).
 */
export class QueryBudget {
  private used = 0;
  private promised = 0;

  constructor(
    readonly limit: number,
    private readonly kept = 0,
  ) {}

  spend(statements: number): void {
    this.used += statements;
  }

  /** Room for a step of up to `statements`; false when there is not (and nothing is taken). */
  take(statements: number): boolean {
    if (this.limit - this.used - this.promised - this.kept < statements) return false;
    this.promised += statements;
    return true;
  }

  give(statements: number): void {
    this.promised -= statements;
  }
}

/** `db` with at most `limit` calls in flight; every statement run through it is counted in `budget`. */
export function limitD1Calls(db: D1Database, limit: number, budget?: QueryBudget): D1Database {
  const gate = new Gate(limit);
  const counted = <T>(statements: number, work: () => Promise<T>): Promise<T> => {
    budget?.spend(statements);
    return gate.run(work);
  };
  const originals = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      first: (column?: string) => counted(1, () => (column === undefined ? statement.first() : statement.first(column))),
      run: () => counted(1, () => statement.run()),
      all: () => counted(1, () => statement.all()),
      raw: (options?: { columnNames?: boolean }) => counted(1, () => statement.raw(options as { columnNames: true })),
    } as unknown as D1PreparedStatement;
    originals.set(wrapped, statement);
    return wrapped;
  };
  return {
    prepare: (query: string) => wrap(db.prepare(query)),
    batch: (statements: D1PreparedStatement[]) => counted(statements.length, () => db.batch(statements.map((s) => originals.get(s) ?? s))),
    exec: (query: string) => counted(1, () => db.exec(query)),
    dump: () => counted(1, () => db.dump()),
    withSession: (constraint?: string) => db.withSession(constraint),
  } as D1Database;
}
