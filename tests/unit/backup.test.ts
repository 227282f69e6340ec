import { describe, expect, it } from 'vitest';
import { openWaSqliteWithMemoryFiles } from './engines';
import { makeBook, makeUser } from './factories';
import { openSqlJs } from '../../src/db/openSqlJs';
import { exportDatabase, isSqliteFile, prepareBackup, restoreDatabase } from '../../src/db/backup';
import { migrate } from '../../src/db/migrate';
import { loadMigrations } from '../../src/db/loadMigrations';
import { seedDefaultAdmin } from '../../src/db/queries/users';
import { getLibraryVersion, libraryWrite } from '../../src/db/queries/settings';
import { upsertProgress, getProgress } from '../../src/db/queries/progress';
import { addBookToCollection, insertCollection, listCollectionsOfUser } from '../../src/db/queries/collections';
import { countBooks, getBook } from '../../src/db/queries/books';
import { insertSession } from '../../src/db/queries/sessions';
import { hashPassword } from '../../src/domain/passwords';
import { isAppError } from '../../src/domain/errors';

const migrations = loadMigrations();
const quick = (pw: string) => hashPassword(pw, 4);

async function errorOf(p: Promise<unknown>) {
  return p.then(() => null, (e: unknown) => e);
}

describe('restore checks (sql.js candidate)', () => {
  it('refuses a file that is not SQLite', async () => {
    expect(isSqliteFile(new TextEncoder().encode('%PDF-1.4 not a database at all, just some bytes '.repeat(4)))).toBe(false);
    const { db, mem } = await openWaSqliteWithMemoryFiles();
    await migrate(db, migrations);
    const e = await errorOf(restoreDatabase(db, mem, new TextEncoder().encode('hello'.repeat(50)), migrations));
    expect(isAppError(e, 'NOT_AN_ALEX_DATABASE')).toBe(true);
    expect((e as Error).message).toMatch(/not a SQLite database/);
  });

  it('refuses a SQLite database that is not an Alex library', async () => {
    const other = await openSqlJs();
    await other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    const e = await errorOf(prepareBackup(other, migrations));
    expect(isAppError(e, 'NOT_AN_ALEX_DATABASE')).toBe(true);
    expect((e as Error).message).toMatch(/not an Alex library/);
  });

  it('refuses a library written by a newer version', async () => {
    const newer = await openSqlJs();
    await migrate(newer, [...migrations, { name: '9999_future.sql', sql: 'CREATE TABLE future (x INTEGER);' }]);
    expect(isAppError(await errorOf(prepareBackup(newer, migrations)), 'SCHEMA_TOO_NEW')).toBe(true);
  });

  it('migrates an older library, including one from before migrations were tracked', async () => {
    const old = await openSqlJs();
    await old.exec(migrations.find((m) => m.name.startsWith('0000'))!.sql); // as the original server app made it
    await old.run(`INSERT INTO books (id, title, file_type, file_path, file_size, file_hash, added_at, updated_at) VALUES ('b', 'Old', 'pdf', 'o.pdf', 1, 'h', 1, 1)`);
    const { migrated } = await prepareBackup(old, migrations);
    expect(migrated).toEqual(migrations.map((m) => m.name).sort().slice(1));
    expect(await old.get('SELECT source, file_mtime FROM books')).toEqual({ source: 'local', file_mtime: null });
  });
});

describe('export and restore (wa-sqlite, as in the worker)', () => {
  it('export then restore gives back the same books, progress and collections, and no sessions', async () => {
    const src = await openWaSqliteWithMemoryFiles();
    await migrate(src.db, migrations);
    await seedDefaultAdmin(src.db, quick);
    const u = await makeUser(src.db);
    const b1 = await makeBook(src.db, { title: 'Ünïcode tïtle', author: 'Ada' });
    const b2 = await makeBook(src.db, { fileType: 'epub' });
    await upsertProgress(src.db, u.id, b1.id, { currentPage: 7, totalPages: 10, epubLocation: null, percentComplete: 70, status: 'reading', lastReadAt: 5 });
    const c = await insertCollection(src.db, u.id, 'Favourites', 'The best');
    await addBookToCollection(src.db, c.id, b2.id);
    await insertSession(src.db, 'secret-token', { userId: u.id, now: 1, persistent: true, mustChangePassword: false });
    await libraryWrite(src.db, async () => {});

    const bytes = await exportDatabase(src.db, src.mem);
    expect(isSqliteFile(bytes)).toBe(true);
    // The file is a plain SQLite database the Node tools read too, with no sessions in it.
    const viaSqlJs = await openSqlJs(bytes);
    expect(await countBooks(viaSqlJs)).toBe(2);
    expect(await viaSqlJs.get<{ n: number }>('SELECT COUNT(*) AS n FROM sessions')).toEqual({ n: 0 });

    const dst = await openWaSqliteWithMemoryFiles();
    await migrate(dst.db, migrations);
    await seedDefaultAdmin(dst.db, quick);
    await makeBook(dst.db, { title: 'Will be replaced' });
    for (let i = 0; i < 5; i++) await libraryWrite(dst.db, async () => {});
    const versionBefore = await getLibraryVersion(dst.db);

    const summary = await restoreDatabase(dst.db, dst.mem, bytes, migrations);
    expect(summary).toMatchObject({ books: 2, users: 2, collections: 1 });
    expect((await getBook(dst.db, b1.id))!.title).toBe('Ünïcode tïtle');
    expect(await getProgress(dst.db, u.id, b1.id)).toMatchObject({ currentPage: 7, status: 'reading' });
    expect((await listCollectionsOfUser(dst.db, u.id)).map((x) => x.name)).toEqual(['Favourites']);
    expect(await getLibraryVersion(dst.db)).toBeGreaterThan(versionBefore);
    const fk = await dst.db.get<{ foreign_keys: number }>('PRAGMA foreign_keys');
    expect(Number(fk!.foreign_keys)).toBe(1);
  });

  it('a refused restore leaves the library untouched', async () => {
    const { db, mem } = await openWaSqliteWithMemoryFiles();
    await migrate(db, migrations);
    await makeBook(db, { title: 'Keep me' });
    const other = await openSqlJs();
    await other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY)');
    const e = await errorOf(restoreDatabase(db, mem, other.raw.export(), migrations));
    expect(isAppError(e, 'NOT_AN_ALEX_DATABASE')).toBe(true);
    expect(await countBooks(db)).toBe(1);
  });
});
