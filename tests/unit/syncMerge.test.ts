import { describe, expect, it } from 'vitest';
import { engines } from './engines';
import { makeBook, makeUser } from './factories';
import { rawObjects, useSyncS3 } from './syncHelpers';
import { firstDevice, joiningDevice, nextMs, settle, type Device } from './syncDevices';
import { addBookToCollection, insertCollection, isBookInCollection, listCollectionsOfUser, removeBookFromCollection } from '../../src/db/queries/collections';
import { getBookByHash } from '../../src/db/queries/books';
import { getProgress, upsertProgress } from '../../src/db/queries/progress';
import { insertSession, newToken } from '../../src/db/queries/sessions';
import { deleteUser, getUserById, listUsers, updateUser } from '../../src/db/queries/users';
import { nextProgress, withStatus } from '../../src/domain/progress';
import { DEFAULT_ADMIN } from '../../src/domain/types';
import type { Db } from '../../src/db/Db';

const H = { shared: 'a'.repeat(64), onlyA: 'b'.repeat(64), bucket: 'c'.repeat(64) };

async function read(db: Db, userId: string, hash: string, page: number, total = 100) {
  const b = (await getBookByHash(db, hash))!;
  const prev = await getProgress(db, userId, b.id);
  return upsertProgress(db, userId, b.id, nextProgress(prev, { currentPage: page, totalPages: total }, 1_800_000_000));
}
async function progressOf(db: Db, userId: string, hash: string) {
  const b = await getBookByHash(db, hash);
  return b && getProgress(db, userId, b.id);
}
async function status(db: Db, userId: string, hash: string, s: 'reading' | 'completed' | 'not_started') {
  const b = (await getBookByHash(db, hash))!;
  return upsertProgress(db, userId, b.id, withStatus(await getProgress(db, userId, b.id), s, 1_800_000_000));
}

describe.each(engines)('sync merge between devices on $name', (engine) => {
  const s3 = useSyncS3();
  let n = 0;
  const prefix = () => `${engine.name}-${++n}/`;

  /** A with a reader, two books from its folder and one from the bucket; B joins with one of the folder books. */
  async function pair() {
    let readerId = '';
    const p = prefix();
    const a = await firstDevice(engine, s3(), p, async (t) => {
      const reader = await makeUser(t.db, 'user', 'reader@example.org');
      readerId = reader.id;
      await makeBook(t.db, { fileHash: H.shared, title: 'Shared' });
      await makeBook(t.db, { fileHash: H.onlyA, title: 'Only on A' });
      await makeBook(t.db, { fileHash: H.bucket, title: 'In the bucket', source: 's3', filePath: 'books/bucket.pdf', s3Bucket: 'library' });
    });
    const b = await joiningDevice(engine, s3(), p, async (t) => {
      await makeBook(t.db, { fileHash: H.shared, title: 'Shared', filePath: 'elsewhere/shared.pdf' });
    });
    return { a, b, readerId };
  }

  it('a joining device gets the accounts with their passwords, the bucket’s books, and its folder books as not on this device', async () => {
    const { a, b, readerId } = await pair();
    const token = await a.adminToken(); // changes the admin's password on A
    expect(token).toBeTruthy();
    await settle(a, b);
    // The person signs in on B with the password they set on A.
    const s = await b.api.signIn(DEFAULT_ADMIN.email, 'admin-new-password', false);
    expect(s.user.role).toBe('admin');
    expect((await getUserById(b.db, readerId))?.email).toBe('reader@example.org');
    expect((await getBookByHash(b.db, H.bucket))?.source).toBe('s3');
    // A's folder book is listed, as not on this device (syncBooksOnDevice.test.ts).
    expect((await getBookByHash(b.db, H.onlyA))?.onDevice).toBe(false);
    // Whoever runs the bucket reads none of it: no email, title, hash or password hash.
    const hash = (await getUserById(a.db, DEFAULT_ADMIN.id))!.passwordHash;
    for (const [key, bytes] of await rawObjects(a.loc.client, a.loc.prefix)) {
      const text = new TextDecoder('latin1').decode(bytes) + key;
      for (const secret of ['reader@example.org', 'Only on A', H.shared, hash]) expect(text, key).not.toContain(secret);
    }
  });

  it('reading progress follows the person, last writer wins, and a big step back is offered instead', async () => {
    const { a, b, readerId } = await pair();
    await read(a.db, readerId, H.shared, 10);
    await settle(a, b);
    expect((await progressOf(b.db, readerId, H.shared))?.currentPage).toBe(10);
    nextMs();
    await read(b.db, readerId, H.shared, 12);
    await settle(b, a);
    expect((await progressOf(a.db, readerId, H.shared))?.currentPage).toBe(12);

    // A reads on to 40; B, offline, opens the book at an old page 5 afterwards.
    await read(a.db, readerId, H.shared, 40);
    nextMs();
    await read(b.db, readerId, H.shared, 5);
    await settle(a, b);
    const onA = await progressOf(a.db, readerId, H.shared);
    expect(onA?.currentPage).toBe(40);
    const book = (await getBookByHash(a.db, H.shared))!;
    // The reader asks for it ("Go to page 5 from your other device?") and dismisses it.
    const token = newToken();
    await insertSession(a.db, token, { userId: readerId, now: a.clock.now, persistent: false, mustChangePassword: false });
    expect(await a.api.getSyncOffer(token, book.id)).toMatchObject({ currentPage: 5, totalPages: 100 });
    await a.api.dismissSyncOffer(token, book.id);
    expect(await a.api.getSyncOffer(token, book.id)).toBeNull();
    // B, which moved back itself, has no offer and stays at page 5 until it syncs a newer move.
    expect((await progressOf(b.db, readerId, H.shared))?.currentPage).toBe(5);
  });

  it('completed wins over reading unless it is reset later', async () => {
    const { a, b, readerId } = await pair();
    await read(a.db, readerId, H.shared, 20);
    await settle(a, b);
    await status(a.db, readerId, H.shared, 'completed');
    nextMs();
    await read(b.db, readerId, H.shared, 22); // offline on B, after A finished it
    await settle(a, b);
    for (const d of [a, b]) expect((await progressOf(d.db, readerId, H.shared))?.status, d === a ? 'A' : 'B').toBe('completed');
    expect((await progressOf(a.db, readerId, H.shared))?.currentPage).toBe(22);

    nextMs();
    await status(b.db, readerId, H.shared, 'not_started'); // "Mark as unread" on B
    await settle(a, b);
    for (const d of [a, b]) expect((await progressOf(d.db, readerId, H.shared))?.status).toBe('not_started');
  });

  it('collections merge membership per book, with removals', async () => {
    const { a, b, readerId } = await pair();
    const c = await insertCollection(a.db, readerId, 'Holiday');
    const sharedOnA = (await getBookByHash(a.db, H.shared))!;
    const bucketOnA = (await getBookByHash(a.db, H.bucket))!;
    await addBookToCollection(a.db, c.id, sharedOnA.id);
    await settle(a, b);
    expect((await listCollectionsOfUser(b.db, readerId)).map((x) => x.name)).toEqual(['Holiday']);
    const sharedOnB = (await getBookByHash(b.db, H.shared))!;
    const bucketOnB = (await getBookByHash(b.db, H.bucket))!;
    expect(await isBookInCollection(b.db, c.id, sharedOnB.id)).toBe(true);

    // Concurrently: A adds the bucket book, B removes the shared one. Both survive.
    await addBookToCollection(a.db, c.id, bucketOnA.id);
    await removeBookFromCollection(b.db, c.id, sharedOnB.id);
    await settle(a, b);
    for (const [d, shared, bucket] of [[a, sharedOnA, bucketOnA], [b, sharedOnB, bucketOnB]] as const) {
      expect(await isBookInCollection(d.db, c.id, shared.id)).toBe(false);
      expect(await isBookInCollection(d.db, c.id, bucket.id)).toBe(true);
    }
  });

  it('records for a book this device lacks apply to it, listed as not on this device', async () => {
    const { a, b, readerId } = await pair();
    const c = await insertCollection(a.db, readerId, 'Later');
    await addBookToCollection(a.db, c.id, (await getBookByHash(a.db, H.onlyA))!.id);
    await read(a.db, readerId, H.onlyA, 7);
    await settle(a, b);
    const there = (await getBookByHash(b.db, H.onlyA))!;
    expect(there.onDevice).toBe(false);
    expect((await progressOf(b.db, readerId, H.onlyA))?.currentPage).toBe(7);
    expect(await isBookInCollection(b.db, c.id, there.id)).toBe(true);
  });

  it('a user deleted on one device is deleted everywhere, even if edited elsewhere meanwhile', async () => {
    const { a, b, readerId } = await pair();
    await deleteUser(a.db, readerId);
    nextMs();
    await updateUser(b.db, readerId, { displayName: 'Renamed later' });
    await settle(a, b);
    for (const d of [a, b]) expect(await getUserById(d.db, readerId)).toBeUndefined();
  });

  it('the last-administrator rule holds after two devices each demote a different admin', async () => {
    const { a, b } = await pair();
    const second = await makeUser(a.db, 'admin', 'second@example.org');
    await settle(a, b);
    await updateUser(a.db, DEFAULT_ADMIN.id, { role: 'user' });
    await updateUser(b.db, second.id, { role: 'user' });
    await settle(a, b);
    const admins = async (d: Device) => (await listUsers(d.db)).filter((u) => u.role === 'admin').map((u) => u.id);
    expect(await admins(a)).toHaveLength(1);
    expect(await admins(a)).toEqual(await admins(b));
  });
});
