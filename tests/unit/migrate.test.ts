import { describe, expect, it } from 'vitest';
import { engines } from './engines';
import { appliedMigrations, migrate } from '../../src/db/migrate';
import { loadMigrations } from '../../src/db/loadMigrations';
import { isAppError } from '../../src/domain/errors';

const all = loadMigrations();

describe.each(engines)('migration runner ($name)', (engine) => {
  it('applies every file once, in name order, and records them', async () => {
    const db = await engine.open();
    const first = await migrate(db, [...all].reverse());
    const names = all.map((m) => m.name).sort();
    expect(first.applied).toEqual(names);
    expect(names.slice(0, 2)).toEqual(['0000_wide_expediter.sql', '0001_s3_source_columns.sql']);
    expect(await appliedMigrations(db)).toEqual(names);
    const v = await db.get<{ user_version: number }>('PRAGMA user_version');
    expect(Number(v!.user_version)).toBe(names.length);
    const again = await migrate(db, all);
    expect(again.applied).toEqual([]);
    expect(again.version).toBe(names.length);
  });

  it('brings a database made by an older set of migrations up to date, keeping its rows', async () => {
    const db = await engine.open();
    await migrate(db, all.filter((m) => m.name.startsWith('0000')));
    const now = 1_700_000_000;
    await db.run(
      `INSERT INTO books (id, title, file_type, file_path, file_size, file_hash, added_at, updated_at)
       VALUES ('b1', 'Old book', 'pdf', 'old.pdf', 10, 'h', ?, ?)`,
      [now, now],
    );
    const res = await migrate(db, all);
    expect(res.applied[0]).toBe('0001_s3_source_columns.sql');
    const row = await db.get<{ title: string; source: string; s3_etag: string | null }>('SELECT title, source, s3_etag FROM books');
    expect(row).toEqual({ title: 'Old book', source: 'local', s3_etag: null });
  });

  it('rolls a failing migration back entirely and records nothing for it', async () => {
    const db = await engine.open();
    const broken = { name: '9999_broken.sql', sql: 'CREATE TABLE half (x INTEGER); INSERT INTO no_such_table VALUES (1);' };
    await expect(migrate(db, [...all, broken])).rejects.toThrow();
    expect(await appliedMigrations(db)).toEqual(all.map((m) => m.name).sort());
    expect(await db.get(`SELECT name FROM sqlite_master WHERE name = 'half'`)).toBeUndefined();
  });

  it('refuses a database written by a newer version', async () => {
    const db = await engine.open();
    await migrate(db, [...all, { name: '9000_future.sql', sql: 'CREATE TABLE future (x INTEGER);' }]);
    const err = await migrate(db, all).catch((e: unknown) => e);
    expect(isAppError(err, 'SCHEMA_TOO_NEW')).toBe(true);
  });
});
