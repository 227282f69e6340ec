import { beforeAll, describe, expect, it } from 'vitest';
import { engines } from './engines';
import { makeTestApi, type TestApi } from './testApi';
import { makeBook } from './factories';
import { signedInUser } from './libraryHelpers';
import type { Book } from '../../src/domain/types';
import { isShareTokenShape } from '../../src/domain/shareToken';
import { deleteUser } from '../../src/db/queries/users';

describe.each(engines)('collections on $name', (engine) => {
  let t: TestApi;
  let me: Awaited<ReturnType<typeof signedInUser>>;
  let other: Awaited<ReturnType<typeof signedInUser>>;
  let books: Book[];

  beforeAll(async () => {
    t = await makeTestApi(engine);
    me = await signedInUser(t);
    other = await signedInUser(t);
    books = [];
    for (const title of ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon']) books.push(await makeBook(t.db, { title, author: `${title} Author` }));
  });

  it('creates with a required name of at most 100 characters and an optional description', async () => {
    await expect(t.api.createCollection(me.token, { name: '   ' })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'name' } });
    await expect(t.api.createCollection(me.token, { name: 'x'.repeat(101) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const long = await t.api.createCollection(me.token, { name: 'y'.repeat(100) });
    expect(long.name).toHaveLength(100);
    const c = await t.api.createCollection(me.token, { name: '  Holiday reading ', description: '  For the beach  ' });
    expect(c).toMatchObject({ name: 'Holiday reading', description: 'For the beach', bookCount: 0, shareToken: null, preview: [] });
    const bare = await t.api.createCollection(me.token, { name: 'No description', description: '   ' });
    expect(bare.description).toBeNull();
    expect(t.changes.at(-1)).toEqual(['collections']);
    await t.api.deleteCollection(me.token, long.id);
    await t.api.deleteCollection(me.token, bare.id);
  });

  it('lists only my own, by name, with book counts and a preview of the latest books', async () => {
    const a = await t.api.createCollection(me.token, { name: 'aardvarks' });
    const theirs = await t.api.createCollection(other.token, { name: 'Theirs' });
    for (const b of books.slice(0, 4)) await t.api.setBookInCollection(me.token, a.id, b.id, true);
    const mine = await t.api.listCollections(me.token);
    expect(mine.map((c) => c.name)).toEqual(['aardvarks', 'Holiday reading']);
    expect(mine[0]).toMatchObject({ bookCount: 4 });
    expect(mine[0]!.preview).toHaveLength(3);
    expect((await t.api.listCollections(other.token)).map((c) => c.id)).toEqual([theirs.id]);
  });

  it('rename and edit the description; validation applies', async () => {
    const [c] = (await t.api.listCollections(me.token)).filter((x) => x.name === 'Holiday reading');
    const renamed = await t.api.updateCollection(me.token, c!.id, { name: 'Summer' });
    expect(renamed).toMatchObject({ name: 'Summer', description: 'For the beach' });
    const described = await t.api.updateCollection(me.token, c!.id, { description: 'Long days' });
    expect(described).toMatchObject({ name: 'Summer', description: 'Long days' });
    expect((await t.api.updateCollection(me.token, c!.id, { description: '' })).description).toBeNull();
    await expect(t.api.updateCollection(me.token, c!.id, { name: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('ticking adds, unticking removes, twice is harmless; the checklist shows membership', async () => {
    const c = await t.api.createCollection(me.token, { name: 'Checklist' });
    await t.api.setBookInCollection(me.token, c.id, books[4]!.id, true);
    await t.api.setBookInCollection(me.token, c.id, books[4]!.id, true);
    expect((await t.api.getCollection(me.token, c.id)).bookCount).toBe(1);
    const choices = await t.api.collectionChoices(me.token, books[4]!.id);
    expect(choices.find((x) => x.id === c.id)).toMatchObject({ member: true });
    expect(choices.filter((x) => x.member)).toHaveLength(1);
    expect(choices.every((x) => x.name !== 'Theirs')).toBe(true);
    await t.api.setBookInCollection(me.token, c.id, books[4]!.id, false);
    await t.api.setBookInCollection(me.token, c.id, books[4]!.id, false);
    expect((await t.api.getCollection(me.token, c.id)).bookCount).toBe(0);
    expect(t.changes.at(-1)).toEqual(['collection_books']);
    await expect(t.api.setBookInCollection(me.token, c.id, 'no-such-book', true)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('deleting a collection keeps its books', async () => {
    const c = await t.api.createCollection(me.token, { name: 'Doomed' });
    await t.api.setBookInCollection(me.token, c.id, books[0]!.id, true);
    await t.api.deleteCollection(me.token, c.id);
    await expect(t.api.getCollection(me.token, c.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.db.get('SELECT COUNT(*) AS n FROM books')).toEqual({ n: books.length });
    expect(await t.db.get('SELECT COUNT(*) AS n FROM collection_books WHERE collection_id = ?', [c.id])).toEqual({ n: 0 });
  });

  it('another user can neither see nor change my collection: it is simply not found', async () => {
    const [c] = await t.api.listCollections(me.token);
    const id = c!.id;
    const attempts: Promise<unknown>[] = [
      t.api.getCollection(other.token, id),
      t.api.updateCollection(other.token, id, { name: 'Mine now' }),
      t.api.deleteCollection(other.token, id),
      t.api.setBookInCollection(other.token, id, books[4]!.id, true),
      t.api.setBookInCollection(other.token, id, books[0]!.id, false),
      t.api.shareCollection(other.token, id),
      t.api.stopSharing(other.token, id),
    ];
    // allSettled: each attempt has a handler before it rejects (else Node reports it unhandled).
    for (const r of await Promise.allSettled(attempts)) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'NOT_FOUND', message: 'This collection does not exist.' });
    }
    const after = await t.api.getCollection(me.token, id);
    expect(after).toMatchObject({ name: c!.name, bookCount: c!.bookCount, shareToken: null });
    // Admins too: collections are personal.
    const admin = await t.adminToken();
    await expect(t.api.getCollection(admin, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.api.listCollections('')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('a user deleted takes their collections along, never the books', async () => {
    const gone = await signedInUser(t);
    const c = await t.api.createCollection(gone.token, { name: 'Temporary' });
    await t.api.setBookInCollection(gone.token, c.id, books[1]!.id, true);
    await deleteUser(t.db, gone.user.id);
    expect(await t.db.get('SELECT COUNT(*) AS n FROM collections WHERE id = ?', [c.id])).toEqual({ n: 0 });
    expect(await t.db.get('SELECT COUNT(*) AS n FROM books')).toEqual({ n: books.length });
  });
});

describe.each(engines)('share links on $name', (engine) => {
  let t: TestApi;
  let me: Awaited<ReturnType<typeof signedInUser>>;
  let books: Book[];
  let collectionId: string;
  let otherCollectionId: string;

  beforeAll(async () => {
    t = await makeTestApi(engine);
    me = await signedInUser(t, 'Owner Person');
    books = [];
    for (const title of ['Shared one', 'Shared two', 'Private three', 'Private four']) books.push(await makeBook(t.db, { title }));
    const c = await t.api.createCollection(me.token, { name: 'Lending shelf', description: 'Take one' });
    collectionId = c.id;
    await t.api.setBookInCollection(me.token, c.id, books[0]!.id, true);
    await t.api.setBookInCollection(me.token, c.id, books[1]!.id, true);
    const o = await t.api.createCollection(me.token, { name: 'Not shared' });
    otherCollectionId = o.id;
    await t.api.setBookInCollection(me.token, o.id, books[2]!.id, true);
  });

  it('sharing makes an unguessable token that opens the name, description and books only', async () => {
    const { shareToken } = await t.api.shareCollection(me.token, collectionId);
    expect(isShareTokenShape(shareToken)).toBe(true);
    expect((await t.api.getCollection(me.token, collectionId)).shareToken).toBe(shareToken);
    const shared = await t.api.getSharedCollection(shareToken);
    expect(shared).toEqual({ name: 'Lending shelf', description: 'Take one', bookCount: 2 });
    expect(JSON.stringify(shared)).not.toMatch(/Owner|reader|user/i);
    const list = await t.api.listSharedBooks(shareToken, { offset: 0, limit: 50 });
    expect(list.total).toBe(2);
    expect(list.books.map((b) => b.title)).toEqual(['Shared one', 'Shared two']);
    const book = await t.api.getSharedBook(shareToken, books[0]!.id);
    expect(book).toMatchObject({ id: books[0]!.id, title: 'Shared one', filePath: books[0]!.filePath, fileType: 'pdf' });
    expect(Object.keys(book)).not.toContain('userId');
  });

  it('no book outside the collection is reachable through the token, whatever is asked', async () => {
    const { shareToken } = await t.api.shareCollection(me.token, collectionId);
    for (const id of [books[2]!.id, books[3]!.id, 'no-such-book', '', "' OR 1=1 --"]) {
      await expect(t.api.getSharedBook(shareToken, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    // Another shared collection's token does not open this one's books either.
    const other = await t.api.shareCollection(me.token, otherCollectionId);
    await expect(t.api.getSharedBook(other.shareToken, books[0]!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await t.api.getSharedBook(other.shareToken, books[2]!.id)).title).toBe('Private three');
    // A book taken out of the collection is no longer reachable.
    await t.api.setBookInCollection(me.token, collectionId, books[1]!.id, false);
    await expect(t.api.getSharedBook(shareToken, books[1]!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await t.api.setBookInCollection(me.token, collectionId, books[1]!.id, true);
    await t.api.stopSharing(me.token, otherCollectionId);
  });

  it('sharing again replaces the token: the old link is dead at once', async () => {
    const first = await t.api.shareCollection(me.token, collectionId);
    const second = await t.api.shareCollection(me.token, collectionId);
    expect(second.shareToken).not.toBe(first.shareToken);
    await expect(t.api.getSharedCollection(first.shareToken)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'This link is no longer shared.' });
    await expect(t.api.getSharedBook(first.shareToken, books[0]!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.api.listSharedBooks(first.shareToken, { offset: 0, limit: 5 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await t.api.getSharedCollection(second.shareToken)).name).toBe('Lending shelf');
  });

  it('stop sharing, deleting the collection or a malformed token: no link works', async () => {
    const { shareToken } = await t.api.shareCollection(me.token, collectionId);
    await t.api.stopSharing(me.token, collectionId);
    expect((await t.api.getCollection(me.token, collectionId)).shareToken).toBeNull();
    await expect(t.api.getSharedCollection(shareToken)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.api.getSharedBook(shareToken, books[0]!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const bad of ['', 'short', shareToken + 'x', null, undefined, 42, '%']) {
      await expect(t.api.getSharedCollection(bad as never)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    const again = await t.api.shareCollection(me.token, collectionId);
    expect(again.shareToken).not.toBe(shareToken);
    await t.api.deleteCollection(me.token, collectionId);
    await expect(t.api.getSharedCollection(again.shareToken)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
