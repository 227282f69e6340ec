/**
 * Books on each device (issue 14, item 5; migration 0009): a book another device found in its
 * folder is listed here as not on this device, with its collections and progress, until this
 * device's folder holds the same file; the scan then takes the row over, never adding a second book.
 */
import { describe, expect, it } from 'vitest';
import { engines } from './engines';
import { makeBook, makeUser } from './factories';
import { useSyncS3 } from './syncHelpers';
import { firstDevice, joiningDevice, settle } from './syncDevices';
import { addBookToCollection, insertCollection, isBookInCollection } from '../../src/db/queries/collections';
import { countBooks, getBookByHash } from '../../src/db/queries/books';
import { getProgress, upsertProgress } from '../../src/db/queries/progress';
import { applyScanWrites, scanIndexPage } from '../../src/db/queries/scan';
import { listBookPage } from '../../src/db/queries/library';
import { textIndexBooksAfter } from '../../src/db/queries/textIndexBooks';
import { nextProgress } from '../../src/domain/progress';
import { DEFAULT_QUERY } from '../../src/domain/library';
import { openBookFile, isNotOnDevice } from '../../src/storage/fileSource';
import type { Db } from '../../src/db/Db';

const HASH = 'd'.repeat(64);
const scanned = { fileType: 'pdf' as const, title: 'from the file', author: null, description: null, pageCount: 42, coverPath: null };

async function cards(db: Db, userId: string) {
  return (await listBookPage(db, { userId }, DEFAULT_QUERY, { offset: 0, limit: 50 })).books;
}

describe.each(engines)('books on each device on $name', (engine) => {
  const s3 = useSyncS3();
  let n = 0;

  /** A has a folder book, in a collection, read to page 7; B joins without the file. */
  async function pair() {
    const p = `${engine.name}-here-${++n}/`;
    let readerId = '';
    let collectionId = '';
    const a = await firstDevice(engine, s3(), p, async (t) => {
      readerId = (await makeUser(t.db, 'user', 'reader@example.org')).id;
      const book = await makeBook(t.db, { fileHash: HASH, title: 'Folder book', author: 'An Author', filePath: 'a/book.pdf' });
      collectionId = (await insertCollection(t.db, readerId, 'Holiday')).id;
      await addBookToCollection(t.db, collectionId, book.id);
      await upsertProgress(t.db, readerId, book.id, nextProgress(null, { currentPage: 7, totalPages: 100 }, 1_800_000_000));
    });
    const b = await joiningDevice(engine, s3(), p);
    await settle(a, b);
    return { a, b, readerId, collectionId };
  }

  it('lists another device’s folder book as not on this device, with its collection and progress', async () => {
    const { b, readerId, collectionId } = await pair();
    const book = (await getBookByHash(b.db, HASH))!;
    expect(book).toMatchObject({ title: 'Folder book', author: 'An Author', onDevice: false, coverPath: null });
    expect(await isBookInCollection(b.db, collectionId, book.id)).toBe(true);
    expect((await getProgress(b.db, readerId, book.id))?.currentPage).toBe(7);
    const list = await cards(b.db, readerId);
    expect(list.map((c) => [c.title, c.onDevice])).toContainEqual(['Folder book', false]);
    // Nothing on this device tries to read it: not the folder scan (its absence is no deletion), not the text index.
    expect((await scanIndexPage(b.db, null, 100)).entries).toEqual([]);
    expect((await textIndexBooksAfter(b.db, null)).map((e) => e.fileHash)).not.toContain(HASH);
    const err = await openBookFile(book).catch((e: unknown) => e);
    expect(isNotOnDevice(err)).toBe(true);
  });

  it('a scan that finds the same file makes it a normal book: same id, one book, progress kept', async () => {
    const { a, b, readerId, collectionId } = await pair();
    const before = (await getBookByHash(b.db, HASH))!;
    const count = await countBooks(b.db);
    const [res] = await applyScanWrites(b.db, [{ kind: 'insert', path: 'mine/same.pdf', size: 1234, mtime: 1_700_000_000_000, hash: HASH, book: { ...scanned, coverPath: null } }]);
    expect(res).toEqual({ status: 'ok', id: before.id });
    const after = (await getBookByHash(b.db, HASH))!;
    expect(after).toMatchObject({ id: before.id, onDevice: true, filePath: 'mine/same.pdf', fileSize: 1234, title: 'Folder book' });
    expect(await countBooks(b.db)).toBe(count);
    expect(await isBookInCollection(b.db, collectionId, before.id)).toBe(true);
    expect((await getProgress(b.db, readerId, before.id))?.currentPage).toBe(7);
    expect((await scanIndexPage(b.db, null, 100)).entries.map((e) => e.path)).toEqual(['mine/same.pdf']);
    // A second file with the same content is a duplicate as before.
    const [again] = await applyScanWrites(b.db, [{ kind: 'insert', path: 'mine/copy.pdf', size: 1234, mtime: 1, hash: HASH, book: scanned }]);
    expect(again).toEqual({ status: 'duplicate', existingPath: 'mine/same.pdf' });
    // Reading on B now reaches A, and A's book stays where A keeps it.
    await upsertProgress(b.db, readerId, before.id, nextProgress(await getProgress(b.db, readerId, before.id), { currentPage: 9, totalPages: 100 }, 1_800_000_100));
    await settle(a, b);
    const onA = (await getBookByHash(a.db, HASH))!;
    expect(onA).toMatchObject({ filePath: 'a/book.pdf', onDevice: true });
    expect((await getProgress(a.db, readerId, onA.id))?.currentPage).toBe(9);
  });

  it('a device that already has the file when it joins gets no second copy', async () => {
    const p = `${engine.name}-both-${++n}/`;
    const a = await firstDevice(engine, s3(), p, async (t) => void (await makeBook(t.db, { fileHash: HASH, filePath: 'a/book.pdf' })));
    const b = await joiningDevice(engine, s3(), p, async (t) => void (await makeBook(t.db, { fileHash: HASH, filePath: 'b/book.pdf' })));
    await settle(a, b);
    expect(await countBooks(b.db)).toBe(1);
    expect(await getBookByHash(b.db, HASH)).toMatchObject({ filePath: 'b/book.pdf', onDevice: true });
  });
});
