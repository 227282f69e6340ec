import type { Db } from './Db';
import { AppError } from '../domain/errors';

export interface Migration {
  /** File name, e.g. `0001_s3_source_columns.sql`; order is by name. */
  name: string;
  sql: string;
}

export interface MigrationResult {
  applied: string[];
  /** Number of migrations the database has after the run (also kept in PRAGMA user_version). */
  version: number;
}

const TRACKING = `CREATE TABLE IF NOT EXISTS schema_migrations (
  name TEXT PRIMARY KEY NOT NULL,
  applied_at INTEGER NOT NULL
)`;

export function sortMigrations(list: Migration[]): Migration[] {
  return [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function appliedMigrations(db: Db): Promise<string[]> {
  const table = await db.get(`SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`);
  if (!table) return [];
  const rows = await db.all<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
  return rows.map((r) => r.name);
}

/** Number of migrations applied (kept in PRAGMA user_version). */
export async function schemaVersion(db: Db): Promise<number> {
  const r = await db.get<{ user_version: number }>('PRAGMA user_version');
  return Number(r?.user_version ?? 0);
}

/**
 * Applies every migration not yet recorded, in name order, each in its own transaction together
 * with its tracking row, so a crash leaves either all of a file or none of it.
 * Refuses a database that has migrations this app does not know (made by a newer version).
 */
export async function migrate(db: Db, migrations: Migration[]): Promise<MigrationResult> {
  const ordered = sortMigrations(migrations);
  const known = new Set(ordered.map((m) => m.name));
  await db.exec(TRACKING);
  const done = new Set(await appliedMigrations(db));
  const unknown = [...done].filter((n) => !known.has(n));
  if (unknown.length) {
    throw new AppError(
      'SCHEMA_TOO_NEW',
      `This library was written by a newer version of Alex (it has ${unknown.join(', ')}). Update the app to open it.`,
    );
  }
  const applied: string[] = [];
  for (const m of ordered) {
    if (done.has(m.name)) continue;
    await db.transaction(async () => {
      await db.exec(m.sql);
      await db.run('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)', [m.name, Math.floor(Date.now() / 1000)]);
      await db.exec(`PRAGMA user_version = ${done.size + applied.length + 1}`);
    });
    applied.push(m.name);
  }
  return { applied, version: done.size + applied.length };
}
