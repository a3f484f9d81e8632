/**
 * A Kysely query compiled once and run many times with new parameters. Building and compiling a query with Kysely's
 * builder took longer than SQLite took to run it (a commit: ~4 ms of builder work for ~0.15 ms of SQL; profiles of
 * bench/api.bench.ts), so the store's per-request statements are built once, with named placeholders where the values
 * go, and each run only swaps the parameters. The SQL is still the dialect's own compiler's output: one definition
 * serves SQLite and PostgreSQL alike.
 *
 *   const find = compileStatement<{ id: string }, Row>(db.selectFrom('t').selectAll().where('id', '=', param('id')));
 *   const { rows } = await find.run(db, { id: 'x' });
 */
import type { Compilable, CompiledQuery, QueryResult } from 'kysely';

/** A Kysely instance or a transaction: anything that runs a compiled query. */
export interface QueryRunner {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

const MARK = '\u0000rampart-param:';

/** A placeholder for the value named `name`, typed as whatever the builder expects in its place. */
export function param<T = string>(name: string): T {
  return `${MARK}${name}` as unknown as T;
}

export class CompiledStatement<Params extends Readonly<Record<string, unknown>>, Row> {
  /** For each parameter position: the placeholder's name, or undefined for a constant the query itself holds. */
  private readonly slots: readonly (string | undefined)[];

  constructor(private readonly compiled: CompiledQuery<Row>) {
    this.slots = compiled.parameters.map((v) => (typeof v === 'string' && v.startsWith(MARK) ? v.slice(MARK.length) : undefined));
  }

  /** Runs on `db` (a Kysely instance or a transaction of the same dialect). */
  run(db: QueryRunner, params: Params): Promise<QueryResult<Row>> {
    const parameters = this.slots.map((name, i) => {
      if (name === undefined) return this.compiled.parameters[i];
      const value = params[name];
      if (value === undefined) throw new Error(`statement parameter '${name}' missing: ${this.compiled.sql}`);
      return value;
    });
    // The same query node and id for every run: the store uses no Kysely plugins, which are what read them.
    return db.executeQuery<Row>({ ...this.compiled, parameters });
  }
}

export function compileStatement<Params extends Readonly<Record<string, unknown>>, Row = unknown>(
  query: Compilable<Row>,
): CompiledStatement<Params, Row> {
  return new CompiledStatement<Params, Row>(query.compile());
}
