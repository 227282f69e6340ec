import { describe, expect, it } from 'vitest';
import { engines, openMigrated, openWaSqliteWithMemoryFiles } from './engines';
import { makeBook, makeUser } from './factories';
import { makeTestApi } from './testApi';
import type { Db } from '../../src/db/Db';
import { checkBackupRows } from '../../src/db/backupRules';
import { exportDatabase, restoreDatabase } from '../../src/db/backup';
import { MAX_RESTORE_BYTES } from '../../src/db/api';
import { migrate } from '../../src/db/migrate';
import { loadMigrations } from '../../src/db/loadMigrations';
import { seedDefaultAdmin } from '../../src/db/queries/users';
import { upsertProgress } from '../../src/db/queries/progress';
import { getCollection, hashPlainShareTokens, insertCollection, setShareToken } from '../../src/db/queries/collections';
import { sha256Hex } from '../../src/db/queries/sessions';
import { isAppError } from '../../src/domain/errors';
import { hashPassword } from '../../src/domain/passwords';
import { newShareToken } from '../../src/domain/shareToken';
import { DEFAULT_S3_CONFIG } from '../../src/db/api';

const migrations = loadMigrations();
const HASH = 'c'.repeat(64);

async function errorOf(p: Promise<unknown>) {
  return p.then(() => null, (e: unknown) => e);
}

/** A library with an admin, a user and one book: what a genuine backup holds. */
async function library(db: Db) {
  await seedDefaultAdmin(db, (pw) => hashPassword(pw, 4));
  const user = await makeUser(db);
  const book = await makeBook(db);
  return { user, book };
}

describe.each(engines)('restore re-checks the rules on $name', (engine) => {
  it('refuses a backup with no administrator', async () => {
    const db = await openMigrated(engine);
    await library(db);
    await db.run("UPDATE users SET role = 'user'");
    const e = await errorOf(checkBackupRows(db));
    expect(isAppError(e, 'NOT_AN_ALEX_DATABASE')).toBe(true);
    expect((e as Error).message).toMatch(/no administrator/);
  });

  it('an unknown role does not count as an administrator', async () => {
    const db = await openMigrated(engine);
    await library(db);
    // A crafted file can declare its tables without the app's CHECK constraints.
    await db.exec('PRAGMA ignore_check_constraints = ON');
    await db.run("UPDATE users SET role = 'Admin '");
    expect((await errorOf(checkBackupRows(db)) as Error).message).toMatch(/no administrator/);
  });

  it.each([
    ['an absolute path', { file_path: '/etc/passwd' }, /outside the books folder/],
    ['a path that climbs out', { file_path: 'books/../../x.pdf' }, /outside the books folder/],
    ['a backslash path', { file_path: '..\\x.pdf' }, /outside the books folder/],
    ['a control character', { file_path: 'a\u0001.pdf' }, /outside the books folder/],
    ['a hash that is not SHA-256', { file_hash: 'not-a-hash' }, /SHA-256/],
    ['an unknown file type', { file_type: 'exe' }, /PDF or EPUB/],
    ['an unknown source', { source: 'ftp' }, /unknown source/],
  ])('refuses a book with %s', async (_what, change, message) => {
    const db = await openMigrated(engine);
    const { book } = await library(db);
    const [col, value] = Object.entries(change)[0]!;
    await db.exec('PRAGMA ignore_check_constraints = ON');
    await db.run(`UPDATE books SET ${col} = ? WHERE id = ?`, [value, book.id]);
    expect((await errorOf(checkBackupRows(db)) as Error).message).toMatch(message);
  });

  it('accepts S3 keys with slashes and odd names, and a genuine library unchanged', async () => {
    const db = await openMigrated(engine);
    await library(db);
    await makeBook(db, { filePath: 'shelf/Ünïcode name (2).epub', fileType: 'epub', coverPath: `covers/${HASH}.webp` } as never);
    await db.run("UPDATE books SET source = 's3', file_path = 'prefix//deep/a.pdf' WHERE title LIKE 'Book%' AND file_path LIKE 'books/%'");
    expect(await checkBackupRows(db)).toEqual([]);
  });

  it('repairs cover paths that are not covers, odd progress, and an S3 setting the panel would refuse', async () => {
    const db = await openMigrated(engine);
    const { user, book } = await library(db);
    const good = await makeBook(db);
    await db.run('UPDATE books SET cover_path = ? WHERE id = ?', ['imported', book.id]);
    await db.run('UPDATE books SET cover_path = ? WHERE id = ?', [`covers/${HASH}.png`, good.id]);
    await upsertProgress(db, user.id, book.id, { currentPage: 1, totalPages: 2, epubLocation: null, percentComplete: 50, status: 'reading', lastReadAt: 1 });
    await db.exec('PRAGMA ignore_check_constraints = ON');
    await db.run("UPDATE reading_progress SET status = 'hacked', percent_complete = 250");
    await db.run("INSERT INTO settings (key, value, updated_at) VALUES ('s3_config', ?, 0)", [JSON.stringify({ ...DEFAULT_S3_CONFIG, bucket: 'b', endpoint: 'http://evil.example' })]);
    const repairs = await checkBackupRows(db);
    expect(repairs).toHaveLength(3);
    expect(await db.get('SELECT cover_path FROM books WHERE id = ?', [book.id])).toEqual({ cover_path: null });
    expect(await db.get('SELECT cover_path FROM books WHERE id = ?', [good.id])).toEqual({ cover_path: `covers/${HASH}.png` });
    expect(await db.get('SELECT status, percent_complete FROM reading_progress')).toEqual({ status: 'completed', percent_complete: 100 });
    expect(await db.get("SELECT value FROM settings WHERE key = 's3_config'")).toBeUndefined();
  });

  it('share tokens are stored as their SHA-256; tokens from before 0006 are hashed in place', async () => {
    const db = await openMigrated(engine);
    const { user } = await library(db);
    const c = await insertCollection(db, user.id, 'Shelf');
    const token = newShareToken();
    await setShareToken(db, c.id, token, 1);
    expect(await db.get('SELECT share_token FROM collections WHERE id = ?', [c.id])).toEqual({ share_token: await sha256Hex(token) });
    expect((await getCollection(db, c.id))!.shareToken).toBe(token);

    const old = await engine.open();
    await migrate(old, migrations.filter((m) => m.name < '0006'));
    await seedDefaultAdmin(old, (pw) => hashPassword(pw, 4));
    const oc = { id: 'old-shelf' };
    await old.run("INSERT INTO collections (id, user_id, name, share_token, shared_at, created_at) VALUES (?, '1', 'Old shelf', ?, 1, 1)", [oc.id, token]);
    await migrate(old, migrations);
    expect(await hashPlainShareTokens(old)).toBe(1);
    expect(await old.get('SELECT share_token FROM collections')).toEqual({ share_token: await sha256Hex(token) });
    expect((await getCollection(old, oc.id))!.shareToken).toBe(token);
  });
});

describe('restoring a crafted or old backup (wa-sqlite, as in the worker)', () => {
  async function backupOf(prepare: (db: Db) => Promise<void>) {
    const src = await openWaSqliteWithMemoryFiles();
    await migrate(src.db, migrations);
    await prepare(src.db);
    return exportDatabase(src.db, src.mem);
  }

  it('a backup with no administrator is refused and the library keeps its own', async () => {
    const bytes = await backupOf(async (db) => {
      await library(db);
      await db.run("UPDATE users SET role = 'user'");
    });
    const t = await makeTestApi(engines[1]);
    const { db, mem } = await openWaSqliteWithMemoryFiles();
    await migrate(db, migrations);
    await library(db);
    const e = await errorOf(restoreDatabase(db, mem, bytes, migrations));
    expect((e as Error).message).toMatch(/no administrator/);
    expect(await db.get("SELECT COUNT(*) AS n FROM users WHERE role = 'admin'")).toEqual({ n: 1 });
    void t;
  });

  it('a restored old backup cannot bring back a link stopped since, and live links keep working', async () => {
    const { db, mem } = await openWaSqliteWithMemoryFiles();
    await migrate(db, migrations);
    const { user } = await library(db);
    const stoppedOne = await insertCollection(db, user.id, 'Stopped since');
    const liveOne = await insertCollection(db, user.id, 'Still shared');
    const stoppedToken = newShareToken();
    const liveToken = newShareToken();
    await setShareToken(db, stoppedOne.id, stoppedToken, 1);
    await setShareToken(db, liveOne.id, liveToken, 1);
    const backup = await exportDatabase(db, mem);
    await setShareToken(db, stoppedOne.id, null, 2);

    const summary = await restoreDatabase(db, mem, backup, migrations);
    expect(summary.repairs.join()).toMatch(/1 share link/);
    expect(await getCollection(db, stoppedOne.id)).toMatchObject({ shareToken: null, sharedAt: null });
    expect(await db.get('SELECT share_token FROM collections WHERE id = ?', [stoppedOne.id])).toEqual({ share_token: null });
    expect((await getCollection(db, liveOne.id))!.shareToken).toBe(liveToken);
  });

  it('the backup file holds no working share token', async () => {
    const { db, mem } = await openWaSqliteWithMemoryFiles();
    await migrate(db, migrations);
    const { user } = await library(db);
    const c = await insertCollection(db, user.id, 'Shared');
    const token = newShareToken();
    await setShareToken(db, c.id, token, 1);
    const bytes = await exportDatabase(db, mem);
    expect(Buffer.from(bytes).includes(Buffer.from(token))).toBe(false);
  });

  it('a file over the size limit is refused before it is read', async () => {
    const { db, mem } = await openWaSqliteWithMemoryFiles();
    await migrate(db, migrations);
    const huge = { byteLength: MAX_RESTORE_BYTES + 1 } as Uint8Array;
    const e = await errorOf(restoreDatabase(db, mem, huge, migrations));
    expect(isAppError(e, 'INVALID_INPUT')).toBe(true);
    expect((e as Error).message).toMatch(/at most 512 MB/);
  });
});
