import * as SQLite from '@journeyapps/wa-sqlite';
import { makeTransactions, type Db, type Row, type SqlValue } from './Db';
import { fromSqliteError } from './errors';

type SQLiteAPI = ReturnType<typeof SQLite.Factory>;

/** Db over wa-sqlite: the worker's OPFS database, and the same build in Node tests. */
export class WaSqliteDb implements Db {
  readonly transaction: Db['transaction'];
  readonly batch: Db['batch'];
  constructor(
    readonly sqlite3: SQLiteAPI,
    readonly handle: number,
  ) {
    ({ transaction: this.transaction, batch: this.batch } = makeTransactions((sql) => this.exec(sql)));
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.sqlite3.exec(this.handle, sql);
    } catch (e) {
      throw fromSqliteError(e);
    }
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    await this.all(sql, params);
    return this.sqlite3.changes(this.handle);
  }

  async all<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const rows: T[] = [];
    try {
      for await (const stmt of this.sqlite3.statements(this.handle, sql)) {
        // wa-sqlite's typings do not know bigint binding; it does support it at run time.
        if (params.length) this.sqlite3.bind_collection(stmt, params as never);
        const names = this.sqlite3.column_names(stmt);
        while ((await this.sqlite3.step(stmt)) === SQLite.SQLITE_ROW) {
          const values = this.sqlite3.row(stmt);
          const row: Record<string, unknown> = {};
          names.forEach((n, i) => (row[n] = values[i]));
          rows.push(row as T);
        }
      }
    } catch (e) {
      throw fromSqliteError(e);
    }
    return rows;
  }

  async get<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async close(): Promise<void> {
    await this.sqlite3.close(this.handle);
  }
}
