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
  /**
   * Runs fn's statements in one SQLite transaction that is committed however fn ends, so each
   * statement keeps its autocommit meaning (a write outside `transaction` stays written when fn
   * throws later). On OPFS each transaction locks and checks the file: one per call, instead of
   * one per statement, saves most of a simple query's cost. Inside a transaction it just runs fn.
   */
  batch<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Shared savepoint bookkeeping, so both adapters nest transactions and batches the same way. */
export function makeTransactions(exec: (sql: string) => Promise<void>): Pick<Db, 'transaction' | 'batch'> {
  let depth = 0;
  async function transaction<T>(fn: () => Promise<T>): Promise<T> {
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
  }
  async function batch<T>(fn: () => Promise<T>): Promise<T> {
    if (depth > 0) return fn();
    await exec('BEGIN');
    depth++;
    let result: T;
    try {
      result = await fn();
    } catch (e) {
      depth--;
      // fn's error is the one to report. Errors such as SQLITE_FULL roll the whole transaction
      // back by themselves, and then there is nothing left to commit.
      await exec('COMMIT').catch(() => exec('ROLLBACK').catch(() => {}));
      throw e;
    }
    depth--;
    try {
      await exec('COMMIT');
    } catch (e) {
      await exec('ROLLBACK').catch(() => {});
      throw e;
    }
    return result;
  }
  return { transaction, batch };
}
