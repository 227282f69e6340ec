import { describe, expect, it } from 'vitest';
import { engines, openMigrated } from './engines';
import { makeBook, makeUser } from './factories';
import { deleteBook, getBook } from '../../src/db/queries/books';
import { getProgress, upsertProgress } from '../../src/db/queries/progress';
import { addBookToCollection, deleteCollection, getCollection, insertCollection } from '../../src/db/queries/collections';
import { deleteUser } from '../../src/db/queries/users';
import type { Db } from '../../src/db/Db';
import { isAppError } from '../../src/domain/errors';

const reading = { currentPage: 3, totalPages: 10, epubLocation: null, percentComplete: 30, status: 'reading' as const, lastReadAt: 1 };

async function count(db: Db, table: string, where = '1', params: string[] = []) {
  return Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, params))!.n);
}

async function expectConstraint(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(isAppError(e, 'CONSTRAINT'), `expected a constraint error, got ${String(e)}`).toBe(true);
}

describe.each(engines)('constraints and cascades ($name)', (engine) => {
  it('keeps email, file_path, file_hash and share_token unique, and one progress row per user and book', async () => {
    const db = await openMigrated(engine);
    const u = await makeUser(db, 'user', 'a@example.org');
    await expectConstraint(makeUser(db, 'user', 'a@example.org'));
    const b = await makeBook(db, { filePath: 'x.pdf', fileHash: 'h1' });
    await expectConstraint(makeBook(db, { filePath: 'x.pdf' }));
    await expectConstraint(makeBook(db, { fileHash: 'h1' }));
    const c1 = await insertCollection(db, u.id, 'One');
    const c2 = await insertCollection(db, u.id, 'Two');
    await db.run('UPDATE collections SET share_token = ? WHERE id = ?', ['tok', c1.id]);
    await expectConstraint(db.run('UPDATE collections SET share_token = ? WHERE id = ?', ['tok', c2.id]));
    // Unshared collections all have a NULL token: not a clash.
    await insertCollection(db, u.id, 'Three');
    await db.run(`INSERT INTO reading_progress (id, user_id, book_id, status) VALUES ('p1', ?, ?, 'reading')`, [u.id, b.id]);
    await expectConstraint(db.run(`INSERT INTO reading_progress (id, user_id, book_id, status) VALUES ('p2', ?, ?, 'reading')`, [u.id, b.id]));
    // The repository upsert overwrites the one row instead.
    await upsertProgress(db, u.id, b.id, reading);
    expect(await count(db, 'reading_progress')).toBe(1);
  });

  it('refuses values outside the allowed sets and dangling references', async () => {
    const db = await openMigrated(engine);
    await expectConstraint(makeUser(db, 'superuser' as never));
    await expectConstraint(makeBook(db, { fileType: 'mobi' as never }));
    const u = await makeUser(db);
    await expectConstraint(db.run(`INSERT INTO reading_progress (id, user_id, book_id) VALUES ('p', ?, 'no-such-book')`, [u.id]));
    const b = await makeBook(db);
    await expectConstraint(upsertProgress(db, u.id, b.id, { ...reading, percentComplete: 101 }));
    await expectConstraint(upsertProgress(db, u.id, b.id, { ...reading, status: 'paused' as never }));
  });

  it('deleting a book removes its progress and collection links, not the collections', async () => {
    const db = await openMigrated(engine);
    const u = await makeUser(db);
    const [b1, b2] = [await makeBook(db), await makeBook(db)];
    const c = await insertCollection(db, u.id, 'Shelf');
    await addBookToCollection(db, c.id, b1.id);
    await addBookToCollection(db, c.id, b2.id);
    await upsertProgress(db, u.id, b1.id, reading);
    await upsertProgress(db, u.id, b2.id, reading);
    await deleteBook(db, b1.id);
    expect(await getProgress(db, u.id, b1.id)).toBeUndefined();
    expect(await getProgress(db, u.id, b2.id)).toBeDefined();
    expect(await count(db, 'collection_books', 'book_id = ?', [b1.id])).toBe(0);
    expect(await count(db, 'collection_books', 'book_id = ?', [b2.id])).toBe(1);
    expect(await getCollection(db, c.id)).toBeDefined();
  });

  it('deleting a user removes their progress, collections and links, and nothing of anyone else', async () => {
    const db = await openMigrated(engine);
    const [u1, u2] = [await makeUser(db), await makeUser(db)];
    const b = await makeBook(db);
    const c1 = await insertCollection(db, u1.id, 'Mine');
    const c2 = await insertCollection(db, u2.id, 'Theirs');
    await addBookToCollection(db, c1.id, b.id);
    await addBookToCollection(db, c2.id, b.id);
    await upsertProgress(db, u1.id, b.id, reading);
    await upsertProgress(db, u2.id, b.id, reading);
    await deleteUser(db, u1.id);
    expect(await count(db, 'reading_progress', 'user_id = ?', [u1.id])).toBe(0);
    expect(await count(db, 'collections', 'user_id = ?', [u1.id])).toBe(0);
    expect(await count(db, 'collection_books', 'collection_id = ?', [c1.id])).toBe(0);
    expect(await count(db, 'reading_progress', 'user_id = ?', [u2.id])).toBe(1);
    expect(await count(db, 'collection_books', 'collection_id = ?', [c2.id])).toBe(1);
    expect(await getBook(db, b.id)).toBeDefined();
  });

  it('deleting a collection removes its links only: books and progress stay', async () => {
    const db = await openMigrated(engine);
    const u = await makeUser(db);
    const b = await makeBook(db);
    const c = await insertCollection(db, u.id, 'Temp');
    await addBookToCollection(db, c.id, b.id);
    await upsertProgress(db, u.id, b.id, reading);
    await deleteCollection(db, c.id);
    expect(await count(db, 'collection_books')).toBe(0);
    expect(await getBook(db, b.id)).toBeDefined();
    expect(await getProgress(db, u.id, b.id)).toBeDefined();
  });
});
