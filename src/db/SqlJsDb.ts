import type { Database } from 'sql.js';
import { makeTransactions, type Db, type Row, type SqlValue } from './Db';
import { fromSqliteError } from './errors';

type BindValue = string | number | null | Uint8Array;

function bindable(params: readonly SqlValue[]): BindValue[] {
  return params.map((p) => (typeof p === 'bigint' ? Number(p) : p));
}

/** Db over sql.js, for the Node CLI and unit tests. sql.js is synchronous; the interface is not. */
export class SqlJsDb implements Db {
  readonly transaction: Db['transaction'];
  readonly batch: Db['batch'];
  constructor(readonly raw: Database) {
    ({ transaction: this.transaction, batch: this.batch } = makeTransactions((sql) => this.exec(sql)));
  }

  async exec(sql: string): Promise<void> {
    try {
      this.raw.exec(sql);
    } catch (e) {
      throw fromSqliteError(e);
    }
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    try {
      this.raw.run(sql, bindable(params));
      return this.raw.getRowsModified();
    } catch (e) {
      throw fromSqliteError(e);
    }
  }

  async all<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    let stmt;
    try {
      stmt = this.raw.prepare(sql);
      stmt.bind(bindable(params));
      const rows: T[] = [];
      while (stmt.step()) rows.push(stmt.getAsObject() as T);
      return rows;
    } catch (e) {
      throw fromSqliteError(e);
    } finally {
      stmt?.free();
    }
  }

  async get<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async close(): Promise<void> {
    this.raw.close();
  }
}
