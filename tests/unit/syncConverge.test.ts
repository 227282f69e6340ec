import { describe, expect, it } from 'vitest';
import { rng } from './rng';
import { engines } from './engines';
import { makeAnnotation, makeBook, makeUser } from './factories';
import { deleteAnnotation, getAnnotation, putAnnotation } from '../../src/db/queries/annotations';
import { useSyncS3 } from './syncHelpers';
import { firstDevice, joiningDevice, settle, type Device } from './syncDevices';
import { addBookToCollection, deleteCollection, insertCollection, removeBookFromCollection, updateCollection } from '../../src/db/queries/collections';
import { getProgress, upsertProgress } from '../../src/db/queries/progress';
import { countAdmins, deleteUser, updateUser } from '../../src/db/queries/users';
import { nextProgress, withStatus } from '../../src/domain/progress';
import type { Db } from '../../src/db/Db';


const HASHES = ['1', '2', '3', '4'].map((c) => c.repeat(64));

/** Everything that syncs, in a form two devices can compare (book ids differ; hashes do not). */
async function canonical(db: Db) {
  return {
    users: await db.all('SELECT id, email, display_name, role, password_hash FROM users ORDER BY id'),
    collections: await db.all('SELECT id, user_id, name, description FROM collections ORDER BY id'),
    members: await db.all('SELECT cb.collection_id, b.file_hash FROM collection_books cb JOIN books b ON b.id = cb.book_id ORDER BY 1, 2'),
    progress: await db.all(
      `SELECT p.user_id, b.file_hash, p.current_page, p.status, p.percent_complete, p.last_read_at
       FROM reading_progress p JOIN books b ON b.id = p.book_id ORDER BY 1, 2`,
    ),
    annotations: await db.all(
      `SELECT a.id, a.user_id, b.file_hash, a.kind, a.color, a.note, a.page, a.book_hash, a.updated_at
       FROM annotations a JOIN books b ON b.id = a.book_id ORDER BY a.id`,
    ),
  };
}

const ids = async (db: Db, sql: string) => (await db.all<{ id: string }>(sql)).map((r) => r.id);

/** One random change on one device, as a person could make it there (the app's own rules hold locally). */
async function randomChange(d: Device, rand: () => number, step: number) {
  const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const db = d.db;
  const users = await ids(db, 'SELECT id FROM users ORDER BY id');
  const books = await ids(db, 'SELECT id FROM books ORDER BY file_hash');
  const collections = await ids(db, 'SELECT id FROM collections ORDER BY id');
  const user = pick(users)!;
  const book = pick(books)!;
  if (rand() < 0.2) return randomAnnotationChange(db, user, book, rand, step);
  const r = rand();
  if (r < 0.3) {
    const prev = await getProgress(db, user, book);
    await upsertProgress(db, user, book, nextProgress(prev, { currentPage: 1 + Math.floor(rand() * 100), totalPages: 100 }, 1_800_000_000 + step));
  } else if (r < 0.4) {
    const prev = await getProgress(db, user, book);
    await upsertProgress(db, user, book, withStatus(prev, pick(['reading', 'completed', 'not_started'] as const)!, 1_800_000_000 + step));
  } else if (r < 0.5) {
    await insertCollection(db, user, `C${step}`);
  } else if (r < 0.72 && collections.length) {
    const c = pick(collections)!;
    if (rand() < 0.6) await addBookToCollection(db, c, book);
    else await removeBookFromCollection(db, c, book);
  } else if (r < 0.8 && collections.length) {
    await updateCollection(db, pick(collections)!, { name: `Renamed ${step}` });
  } else if (r < 0.83 && collections.length) {
    await deleteCollection(db, pick(collections)!);
  } else if (r < 0.9) {
    await updateUser(db, user, { displayName: `Name ${step}` });
  } else if (r < 0.97) {
    const me = (await db.get<{ role: string }>('SELECT role FROM users WHERE id = ?', [user]))!;
    if (me.role === 'user') await updateUser(db, user, { role: 'admin' });
    else if ((await countAdmins(db)) > 1) await updateUser(db, user, { role: 'user' });
  } else if (users.length > 2) {
    const me = (await db.get<{ role: string }>('SELECT role FROM users WHERE id = ?', [user]))!;
    if (me.role === 'user' || (await countAdmins(db)) > 1) await deleteUser(db, user);
  }
}

/** A highlight made, its note or colour changed, or deleted (any user's: the merge does not care whose). */
async function randomAnnotationChange(db: Db, user: string, book: string, rand: () => number, step: number) {
  const existing = await ids(db, 'SELECT id FROM annotations ORDER BY id');
  const r = rand();
  if (r < 0.4 || !existing.length) {
    const anchor = { cfi: null, page: 1 + (step % 50), quote: null, rects: null, label: null };
    await makeAnnotation(db, user, book, { kind: 'bookmark', color: null, anchor, updatedAt: 1_800_000_000 + step });
    return;
  }
  const a = (await getAnnotation(db, existing[Math.floor(rand() * existing.length)]!))!;
  if (r < 0.8) await putAnnotation(db, { ...a, note: `Note ${step}`, color: rand() < 0.5 ? 'green' : 'blue', updatedAt: 1_800_000_000 + step });
  else await deleteAnnotation(db, a.userId, a.id);
}

describe.each(engines)('sync convergence on $name', (engine) => {
  const s3 = useSyncS3();

  const seeds = process.env.SYNC_SEEDS ? process.env.SYNC_SEEDS.split(',').map(Number) : engine.name === 'sql.js' ? [11, 12] : [13];
  for (const seed of seeds)
    it(`three devices, random changes, offline periods and sync order (seed ${seed}) end with the same library`, async () => {
      const rand = rng(seed);
      const prefix = `converge-${engine.name}-${seed}/`;
      const books = async (db: Db) => {
        for (const h of HASHES) await makeBook(db, { fileHash: h, title: `Book ${h[0]}` });
      };
      const opts = { offers: false };
      const a = await firstDevice(engine, s3(), prefix, async (t) => {
        await books(t.db);
        for (let i = 0; i < 3; i++) await makeUser(t.db);
      }, opts);
      const b = await joiningDevice(engine, s3(), prefix, (t) => books(t.db), opts);
      const c = await joiningDevice(engine, s3(), prefix, (t) => books(t.db), opts);
      const devices = [a, b, c];
      let changes = 0;
      for (let step = 0; step < 150; step++) {
        const d = devices[Math.floor(rand() * 3)]!;
        if (rand() < 0.25) await d.sync.round();
        else {
          await randomChange(d, rand, step);
          changes++;
        }
      }
      await settle(a, b, c);
      await settle(a, b, c);
      const want = await canonical(a.db);
      expect(await canonical(b.db)).toEqual(want);
      expect(await canonical(c.db)).toEqual(want);
      expect(want.users.filter((u) => (u as { role: string }).role === 'admin').length).toBeGreaterThan(0);
      expect(changes).toBeGreaterThan(80);
      expect(want.annotations.length).toBeGreaterThan(0);
    }, 300_000);
});
