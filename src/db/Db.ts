/**
 * The one seam between repository code and an SQLite engine. The worker implements it on
 * wa-sqlite (OPFS), Node tools and tests on sql.js, so every query is written once.
 */
export type SqlValue = string | number | bigint | null | Uint8Array;
export type Row = Record<string, SqlValue>;

export interface Db {
  /** Runs one or more statements with no parameters (migrations, pragmas). */
  exec(sql: string): Promise<void>;
  /** Runs one statement; returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  all<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /**
   * Runs fn inside a transaction (a savepoint when nested); rolls back if it throws.
   * Callers must await every statement inside fn: the transaction ends when fn settles.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Shared savepoint bookkeeping, so both adapters nest transactions the same way. */
export function makeTransaction(exec: (sql: string) => Promise<void>) {
  let depth = 0;
  return async function transaction<T>(fn: () => Promise<T>): Promise<T> {
    const name = `sp${depth}`;
    await exec(depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${name}`);
    depth++;
    try {
      const result = await fn();
      depth--;
      await exec(depth === 0 ? 'COMMIT' : `RELEASE ${name}`);
      return result;
    } catch (e) {
      depth--;
      await exec(depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${name}; RELEASE ${name}`).catch(() => {});
      throw e;
    }
  };
}
