/**
 * Joining a big library: records are applied in bulk (books in runs of APPLY_CHUNK, indexed for
 * search together) with the same rules as one at a time, and the join reports its progress.
 */
import { describe, expect, it } from 'vitest';
import { engines } from './engines';
import { makeBook } from './factories';
import { makeTestApi } from './testApi';
import { useSyncS3 } from './syncHelpers';
import { firstDevice, location, PASS } from './syncDevices';
import { generateLibrary } from '../../scripts/lib/generateLibrary';
import { countBooks, getBookByHash, updateBook } from '../../src/db/queries/books';
import { addBookToCollection, insertCollection, isBookInCollection } from '../../src/db/queries/collections';
import { listBookPage } from '../../src/db/queries/library';
import { setRecording } from '../../src/db/queries/syncState';
import { DEFAULT_QUERY } from '../../src/domain/library';
import { formatHlc } from '../../src/sync/hlc';
import { applyRecords, APPLY_CHUNK } from '../../src/sync/merge/applyRecords';
import type { BookValue, SyncRecord } from '../../src/sync/merge/records';
import { SyncEngine, type JoinProgress } from '../../src/sync/SyncEngine';

const value = (title: string, over: Partial<BookValue> = {}): BookValue => ({
  title, author: 'Ann Author', description: null, fileType: 'pdf', fileSize: 10, pageCount: 3, addedAt: 1_700_000_000,
  s3: { bucket: 'library', key: `books/${title}.pdf`, etag: 'e' }, ...over,
});
const stamp = (wall: number) => formatHlc({ wall, counter: 0, node: 'otherdevice' });
const ctx = { node: 'thisdevice', now: Date.now };

describe.each(engines)('joining in bulk on $name', (engine) => {
  it('applies book records in bulk with the one-at-a-time rules: the later stamp wins whatever the order, a book here keeps its id, an unsent newer edit here stays', async () => {
    const t = await makeTestApi(engine);
    const here = await makeBook(t.db, { title: 'Here before' });
    const edited = await makeBook(t.db, { title: 'Edited here' });
    const shelf = await insertCollection(t.db, '1', 'Shelf');
    await addBookToCollection(t.db, shelf.id, here.id);
    await setRecording(t.db, true);
    await updateBook(t.db, edited.id, { title: 'Edited here, not sent yet' });
    const dup = 'a'.repeat(64);
    const later = Date.now() - 60_000; // before the local edit's time, after nothing else
    const records: SyncRecord[] = [
      { t: 'member', k: `${shelf.id}|${dup}`, h: stamp(later), v: { addedAt: 5 } },
      { t: 'member', k: `${shelf.id}|${here.fileHash}`, h: stamp(later), d: 1 },
      { t: 'member', k: `${shelf.id}|${'c'.repeat(64)}`, h: stamp(later), v: { addedAt: 6 } },
      { t: 'book', k: dup, h: stamp(later), v: value('Newer') },
      { t: 'book', k: dup, h: stamp(later - 1000), v: value('Older') },
      { t: 'book', k: here.fileHash, h: stamp(later), v: value('Renamed elsewhere', { s3: null }) },
      { t: 'book', k: edited.fileHash, h: stamp(later), v: value('Older edit elsewhere') },
      { t: 'book', k: 'b'.repeat(64), h: stamp(later), v: value('From a folder elsewhere', { s3: null }) },
    ];
    const outcomes = await applyRecords(t.db, records, ctx);
    expect(outcomes.filter((o) => o === 'kept-local')).toHaveLength(1);
    expect((await getBookByHash(t.db, dup))!.title).toBe('Newer');
    // Memberships: added (its book came in the same batch), removed, waiting for a book not here.
    expect(await isBookInCollection(t.db, shelf.id, (await getBookByHash(t.db, dup))!.id)).toBe(true);
    expect(await isBookInCollection(t.db, shelf.id, here.id)).toBe(false);
    expect(outcomes.filter((o) => o === 'pending')).toHaveLength(1);
    expect(await getBookByHash(t.db, here.fileHash)).toMatchObject({ id: here.id, title: 'Renamed elsewhere', filePath: here.filePath, onDevice: true });
    expect((await getBookByHash(t.db, edited.fileHash))!.title).toBe('Edited here, not sent yet');
    expect(await getBookByHash(t.db, 'b'.repeat(64))).toMatchObject({ onDevice: false, source: 'local' });
    expect(await getBookByHash(t.db, dup)).toMatchObject({ onDevice: true, source: 's3', s3Bucket: 'library' });
    // The same records again (a log entry read twice) change nothing.
    expect(new Set(await applyRecords(t.db, [...records].reverse(), ctx))).toEqual(new Set(['old', 'kept-local']));
    // Indexed for search as they arrived.
    const found = await listBookPage(t.db, { userId: '1' }, { ...DEFAULT_QUERY, q: 'renamed elsew' }, { offset: 0, limit: 10 });
    expect(found.books.map((b) => b.title)).toEqual(['Renamed elsewhere']);
    expect(await t.db.get('SELECT 1 AS x FROM book_index_queue')).toBeUndefined();
  });
});

describe('joining a library of 1,200 bucket books', () => {
  const engine = engines[0]!;
  const s3 = useSyncS3();

  it('reports its progress up to every record of the snapshot and the log, and brings every book, searchable', async () => {
    const p = 'big/';
    const a = await firstDevice(engine, s3(), p, async (t) => {
      await generateLibrary(t.db, 1200, { userId: '1' });
      await t.db.run("UPDATE books SET source = 's3', s3_bucket = 'library'");
    });
    // A tail in the log after the snapshot.
    for (let i = 0; i < 30; i++) await makeBook(a.db, { title: `Tail book ${i}`, source: 's3', s3Bucket: 'library' });
    await a.sync.round();

    const b = await makeTestApi(engine);
    const seen: JoinProgress[] = [];
    await SyncEngine.join(b.db, await location(s3(), p), PASS, { onProgress: (x) => seen.push(x) });
    expect(await countBooks(b.db)).toBe(1230);
    const last = seen[seen.length - 1]!;
    expect(last.done).toBe(last.total);
    expect(last.total).toBeGreaterThanOrEqual(1230);
    // Several steps on the way, never backwards.
    expect(seen.filter((x) => x.done > 0 && x.done < x.total).length).toBeGreaterThanOrEqual(Math.floor(1200 / APPLY_CHUNK));
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);
    const found = await listBookPage(b.db, { userId: '1' }, { ...DEFAULT_QUERY, q: 'tail book 29' }, { offset: 0, limit: 10 });
    expect(found.books.map((x) => x.title)).toEqual(['Tail book 29']);
    expect(await b.db.get('SELECT 1 AS x FROM book_index_queue')).toBeUndefined();
  }, 120_000);
});
