import { describe, expect, it } from 'vitest';
import { engines, openWaSqliteWithMemoryFiles } from './engines';
import { makeBook, makeUser } from './factories';
import { makeTestApi, type TestApi } from './testApi';
import type { AnnotationInput } from '../../src/domain/annotations';
import { deleteBook } from '../../src/db/queries/books';
import { deleteUser } from '../../src/db/queries/users';
import { listAnnotations, putAnnotation } from '../../src/db/queries/annotations';
import { exportDatabase, restoreDatabase } from '../../src/db/backup';
import { migrate } from '../../src/db/migrate';
import { loadMigrations } from '../../src/db/loadMigrations';

const epubHighlight: AnnotationInput = {
  kind: 'highlight',
  color: 'green',
  note: null,
  anchor: {
    cfi: 'epubcfi(/6/4!/4/2,/1:0,/1:12)',
    page: null,
    quote: { exact: 'Call me Ishm', prefix: '', suffix: 'ael. Some years' },
    rects: null,
    label: 'Loomings',
  },
};
const pdfNote: AnnotationInput = {
  kind: 'note',
  color: 'pink',
  note: 'Compare with chapter 2',
  anchor: { cfi: null, page: 3, quote: { exact: 'linear model', prefix: 'a ', suffix: ' is' }, rects: [{ x: 72, y: 100.5, width: 80, height: 12 }], label: 'Page 3' },
};

async function reader(t: TestApi, admin: string, email: string) {
  await t.api.createUser(admin, { email, displayName: email, password: 'reader-password', role: 'user' });
  return (await t.api.signIn(email, 'reader-password', false)).token;
}

describe.each(engines)('AnnotationsApi on $name', (engine) => {
  it('saves, lists, changes and deletes highlights, notes and bookmarks with every field', async () => {
    const t = await makeTestApi(engine);
    const token = await t.adminToken();
    const epub = await makeBook(t.db, { fileType: 'epub', filePath: 'm.epub' });
    const pdf = await makeBook(t.db);

    const h = await t.api.saveAnnotation(token, epub.id, epubHighlight);
    expect(h).toMatchObject({ bookId: epub.id, bookHash: epub.fileHash, kind: 'highlight', color: 'green', anchor: epubHighlight.anchor, createdAt: t.clock.now });
    const n = await t.api.saveAnnotation(token, pdf.id, pdfNote);
    expect((await t.api.listAnnotations(token, pdf.id))[0]!.anchor).toEqual(pdfNote.anchor);
    const bm = await t.api.saveAnnotation(token, pdf.id, { kind: 'bookmark', color: 'blue', note: null, anchor: { cfi: null, page: 7, quote: null, rects: null, label: 'Page 7' } });
    expect(bm.color).toBeNull();
    expect(await t.api.countAnnotations(token, pdf.id)).toBe(2);

    t.clock.now += 60;
    const changed = await t.api.saveAnnotation(token, pdf.id, { ...pdfNote, id: n.id, color: 'yellow', note: 'Edited' });
    expect(changed).toMatchObject({ id: n.id, color: 'yellow', note: 'Edited', createdAt: n.createdAt, updatedAt: t.clock.now });
    await t.api.deleteAnnotation(token, bm.id);
    expect((await t.api.listAnnotations(token, pdf.id)).map((a) => a.id)).toEqual([n.id]);
    expect((await t.api.listAnnotations(token, epub.id)).map((a) => a.id)).toEqual([h.id]);
    expect(t.changes.filter((c) => c.includes('annotations'))).toHaveLength(5);
  });

  it('refuses bad input: no place, unknown colour, a highlight without text, an unknown book', async () => {
    const t = await makeTestApi(engine);
    const token = await t.adminToken();
    const b = await makeBook(t.db);
    const bad = [
      { ...pdfNote, anchor: { ...pdfNote.anchor, page: null } },
      { ...pdfNote, color: 'purple' },
      { ...pdfNote, kind: 'underline' },
      { ...pdfNote, anchor: { ...pdfNote.anchor, quote: null } },
      { ...pdfNote, anchor: { ...pdfNote.anchor, cfi: 'chapter1.xhtml' } },
      { ...pdfNote, anchor: { ...pdfNote.anchor, rects: [{ x: 'a' }] } },
    ];
    for (const input of bad) await expect(t.api.saveAnnotation(token, b.id, input as never), JSON.stringify(input).slice(0, 80)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(t.api.saveAnnotation(token, 'missing', pdfNote)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.api.saveAnnotation('', b.id, pdfNote)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await t.api.countAnnotations(token, b.id)).toBe(0);
  });

  it('another user never sees, changes or deletes them', async () => {
    const t = await makeTestApi(engine);
    const admin = await t.adminToken();
    const other = await reader(t, admin, 'other@example.org');
    const b = await makeBook(t.db);
    const mine = await t.api.saveAnnotation(admin, b.id, pdfNote);
    expect(await t.api.listAnnotations(other, b.id)).toEqual([]);
    expect(await t.api.countAnnotations(other, b.id)).toBe(0);
    expect((await t.api.exportAnnotations(other, null)).annotations).toEqual([]);
    await expect(t.api.saveAnnotation(other, b.id, { ...pdfNote, id: mine.id, note: 'hijack' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.api.deleteAnnotation(other, mine.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.api.listAnnotations(admin, b.id)).toEqual([mine]);
  });

  it('import adds, updates newer ones, never duplicates, and keeps another user\'s copy apart', async () => {
    const t = await makeTestApi(engine);
    const admin = await t.adminToken();
    const other = await reader(t, admin, 'friend@example.org');
    const b = await makeBook(t.db);
    const a = await t.api.saveAnnotation(admin, b.id, pdfNote);
    const { annotations } = await t.api.exportAnnotations(admin, b.id);
    const items = annotations.map((x) => ({ ...x, book: { id: null, hash: b.fileHash } }));

    expect(await t.api.importAnnotations(admin, items)).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    expect(await t.api.importAnnotations(admin, items.map((x) => ({ ...x, note: 'newer', updatedAt: x.updatedAt + 5 })))).toMatchObject({ updated: 1 });
    expect((await t.api.listAnnotations(admin, b.id))[0]).toMatchObject({ id: a.id, note: 'newer' });

    // A friend imports the shared file twice: one copy of their own, with a different id.
    expect(await t.api.importAnnotations(other, items)).toMatchObject({ added: 1 });
    expect(await t.api.importAnnotations(other, items)).toMatchObject({ added: 0, unchanged: 1 });
    const theirs = await t.api.listAnnotations(other, b.id);
    expect(theirs).toHaveLength(1);
    expect(theirs[0]!.id).not.toBe(a.id);
    expect((await t.api.listAnnotations(admin, b.id))[0]!.note).toBe('newer');

    const unknown = await t.api.importAnnotations(admin, [{ ...items[0]!, id: 'x', book: { id: 'nope', hash: 'nope' } }]);
    expect(unknown.skipped).toEqual([{ text: 'linear model', reason: 'This book is not in the library.' }]);
  });
});

describe.each(engines)('annotation rows on $name', (engine) => {
  it('deleting a book or a user removes their annotations and nobody else\'s', async () => {
    const t = await makeTestApi(engine);
    const [u1, u2] = [await makeUser(t.db), await makeUser(t.db)];
    const [b1, b2] = [await makeBook(t.db), await makeBook(t.db)];
    let n = 0;
    for (const u of [u1, u2])
      for (const b of [b1, b2])
        await putAnnotation(t.db, { id: `a${++n}`, userId: u.id, bookId: b.id, bookHash: b.fileHash, kind: 'note', color: 'blue', note: 'n', anchor: pdfNote.anchor, createdAt: 1, updatedAt: 1 });
    await deleteBook(t.db, b1.id);
    expect(await listAnnotations(t.db, u1.id, b1.id)).toEqual([]);
    expect(await listAnnotations(t.db, u2.id, b2.id)).toHaveLength(1);
    await deleteUser(t.db, u1.id);
    expect(await listAnnotations(t.db, u1.id, b2.id)).toEqual([]);
    expect(await listAnnotations(t.db, u2.id, b2.id)).toHaveLength(1);
  });
});

describe('annotations in the library backup (wa-sqlite, as in the worker)', () => {
  it('export then restore brings every annotation back', async () => {
    const migrations = loadMigrations();
    const src = await openWaSqliteWithMemoryFiles();
    await migrate(src.db, migrations);
    await makeUser(src.db, 'admin'); // a restore refuses a library nobody could manage
    const u = await makeUser(src.db);
    const b = await makeBook(src.db);
    const a = { id: 'a1', userId: u.id, bookId: b.id, bookHash: b.fileHash, kind: 'note' as const, color: 'pink' as const, note: 'Keep', anchor: pdfNote.anchor, createdAt: 5, updatedAt: 6 };
    await putAnnotation(src.db, a);
    const bytes = await exportDatabase(src.db, src.mem);
    const dst = await openWaSqliteWithMemoryFiles();
    await migrate(dst.db, migrations);
    await restoreDatabase(dst.db, dst.mem, bytes, migrations);
    expect(await listAnnotations(dst.db, u.id, b.id)).toEqual([a]);
  });
});
