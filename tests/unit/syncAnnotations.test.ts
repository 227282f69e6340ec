import { describe, expect, it } from 'vitest';
import { engines } from './engines';
import { makeAnnotation, makeBook, makeUser } from './factories';
import { useSyncS3 } from './syncHelpers';
import { firstDevice, joiningDevice, nextMs, settle, type Device } from './syncDevices';
import { deleteAnnotation, getAnnotation, listAnnotations, putAnnotation } from '../../src/db/queries/annotations';
import { deleteBook, getBookByHash } from '../../src/db/queries/books';
import { applyScanWrites } from '../../src/db/queries/scan';
import type { Annotation } from '../../src/domain/annotations';

const SHARED = 'd'.repeat(64);
const ONLY_A = 'e'.repeat(64);

describe.each(engines)('annotations and bookmarks sync on $name', (engine) => {
  const s3 = useSyncS3();
  let n = 0;

  /** A with a reader and two books; B joins with one of them in its own folder (its own book id). */
  async function devices() {
    let readerId = '';
    const p = `annot-${engine.name}-${++n}/`;
    const a = await firstDevice(engine, s3(), p, async (t) => {
      readerId = (await makeUser(t.db)).id;
      await makeBook(t.db, { fileHash: SHARED, title: 'Shared' });
      await makeBook(t.db, { fileHash: ONLY_A, title: 'Only on A' });
    });
    const b = await joiningDevice(engine, s3(), p, (t) => makeBook(t.db, { fileHash: SHARED, filePath: 'b/shared.pdf' }).then(() => {}));
    return { a, b, readerId };
  }
  const bookOn = async (d: Device, hash: string) => (await getBookByHash(d.db, hash))!.id;
  /** The annotation as B sees it, without the fields that are each device's own. */
  const portable = ({ bookId: _b, ...rest }: Annotation) => rest;

  it('a highlight made on A appears on B on the same book, with every field', async () => {
    const { a, b, readerId } = await devices();
    const made = await makeAnnotation(a.db, readerId, await bookOn(a, SHARED), { kind: 'note', color: 'pink', note: 'Compare with chapter 2' });
    const mark = await makeAnnotation(a.db, readerId, await bookOn(a, SHARED), { kind: 'bookmark', color: null, anchor: { cfi: null, page: 9, quote: null, rects: null, label: 'Page 9' } });
    await settle(a, b);
    const there = await listAnnotations(b.db, readerId, await bookOn(b, SHARED));
    expect(there.map(portable)).toEqual([made, mark].sort((x, y) => (x.id < y.id ? -1 : 1)).map(portable));
  });

  it('the later edit wins on both devices, and a deletion is not undone by an older edit', async () => {
    const { a, b, readerId } = await devices();
    const made = await makeAnnotation(a.db, readerId, await bookOn(a, SHARED));
    await settle(a, b);
    // Both edit offline; B's edit is the later one.
    await putAnnotation(a.db, { ...made, note: 'from A', updatedAt: made.updatedAt + 1 });
    nextMs();
    const onB = (await getAnnotation(b.db, made.id))!;
    await putAnnotation(b.db, { ...onB, note: 'from B', color: 'blue', updatedAt: made.updatedAt + 2 });
    await settle(a, b);
    for (const d of [a, b]) expect(await getAnnotation(d.db, made.id)).toMatchObject({ note: 'from B', color: 'blue' });

    // B deletes it, A edits it before hearing of that: the deletion is later, so it stays deleted.
    await putAnnotation(a.db, { ...made, note: 'older edit' });
    nextMs();
    expect(await deleteAnnotation(b.db, readerId, made.id)).toBe(1);
    await settle(a, b);
    for (const d of [a, b]) expect(await getAnnotation(d.db, made.id)).toBeUndefined();
  });

  it('annotations of a book not on this device stay with it until the file is found; removing a book here deletes nothing elsewhere', async () => {
    const { a, b, readerId } = await devices();
    const onOnlyA = await makeAnnotation(a.db, readerId, await bookOn(a, ONLY_A));
    const onShared = await makeAnnotation(a.db, readerId, await bookOn(a, SHARED));
    await settle(a, b);
    const listed = (await getBookByHash(b.db, ONLY_A))!;
    expect(listed.onDevice).toBe(false);
    expect((await getAnnotation(b.db, onOnlyA.id))?.bookId).toBe(listed.id);
    const [found] = await applyScanWrites(b.db, [{ kind: 'insert', path: 'b/found.pdf', size: 10, mtime: 1, hash: ONLY_A, book: { fileType: 'pdf', title: 'x', author: null, description: null, pageCount: 3, coverPath: null } }]);
    expect(found).toEqual({ status: 'ok', id: listed.id });
    await b.sync.round();
    expect((await getAnnotation(b.db, onOnlyA.id))?.bookId).toBe(listed.id);

    // The book leaves B's folder: its annotations go with it there, and stay on A.
    await deleteBook(b.db, await bookOn(b, SHARED));
    await settle(a, b);
    expect(await getAnnotation(a.db, onShared.id)).toBeDefined();
  });

  it('a device joining later gets the annotations from the snapshot and the log', async () => {
    const { a, b, readerId } = await devices();
    const before = await makeAnnotation(a.db, readerId, await bookOn(a, SHARED));
    await a.sync.round({ snapshot: true });
    const after = await makeAnnotation(b.db, readerId, await bookOn(b, SHARED), { color: 'green' });
    await settle(a, b);
    const c = await joiningDevice(engine, s3(), a.loc.prefix, (t) => makeBook(t.db, { fileHash: SHARED, filePath: 'c/shared.pdf' }).then(() => {}));
    const ids = (await listAnnotations(c.db, readerId, await bookOn(c, SHARED))).map((x) => x.id).sort();
    expect(ids).toEqual([before.id, after.id].sort());
  });
});
