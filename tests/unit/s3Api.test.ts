import { describe, expect, it } from 'vitest';
import { engines } from './engines';
import { makeTestApi } from './testApi';
import { makeBook, makeUser } from './factories';
import { upsertProgress, getProgress } from '../../src/db/queries/progress';
import { addBookToCollection, insertCollection } from '../../src/db/queries/collections';
import { getBook } from '../../src/db/queries/books';
import { getSetting } from '../../src/db/queries/settings';
import { hashPassword } from '../../src/domain/passwords';
import { isAppError } from '../../src/domain/errors';
import { DEFAULT_S3_CONFIG, type S3Write } from '../../src/db/api';

const h = (c: string) => c.repeat(64);
const book = { fileType: 'pdf' as const, title: 'A title', author: 'An author', description: null, pageCount: 3, coverPath: null };
const config = { ...DEFAULT_S3_CONFIG, endpoint: 'http://127.0.0.1:4568', bucket: 'books', forcePathStyle: true };

async function errorOf(p: Promise<unknown>) {
  return p.then(() => null, (e: unknown) => e);
}

describe.each(engines)('S3 catalogue calls ($name)', (engine) => {
  async function setup() {
    const t = await makeTestApi(engine);
    const admin = await t.adminToken();
    await t.api.setS3Source(admin, config);
    return { ...t, admin };
  }

  it('inserts, updates in place, touches and deletes S3 books by key and ETag', async () => {
    const t = await setup();
    const [ins] = await t.api.applyS3Batch(t.admin, [{ kind: 'insert', key: 'shelf/a.pdf', etag: 'e1', size: 10, hash: h('a'), book }]);
    expect(ins).toMatchObject({ status: 'ok' });
    const id = (ins as { id: string }).id;
    expect(await getBook(t.db, id)).toMatchObject({ source: 's3', s3Bucket: 'books', s3Etag: 'e1', filePath: 'shelf/a.pdf', title: 'A title' });
    const u = await makeUser(t.db);
    await upsertProgress(t.db, u.id, id, { currentPage: 2, totalPages: 3, epubLocation: null, percentComplete: 66, status: 'reading', lastReadAt: 1 });
    const c = await insertCollection(t.db, u.id, 'C');
    await addBookToCollection(t.db, c.id, id);

    // New content behind a new ETag: same row, so progress and collections stay.
    const [upd] = await t.api.applyS3Batch(t.admin, [{ kind: 'update', id, key: 'shelf/a.pdf', etag: 'e2', size: 20, hash: h('b'), book: { ...book, title: 'New title' } }]);
    expect(upd).toMatchObject({ status: 'ok', id });
    expect(await getBook(t.db, id)).toMatchObject({ title: 'New title', s3Etag: 'e2', fileHash: h('b'), fileSize: 20 });
    expect(await getProgress(t.db, u.id, id)).toMatchObject({ currentPage: 2 });

    await t.api.applyS3Batch(t.admin, [{ kind: 'touch', id, etag: 'e3' }]);
    expect((await getBook(t.db, id))!.s3Etag).toBe('e3');
    expect((await t.api.getS3Index(t.admin, null)).entries).toEqual([{ id, key: 'shelf/a.pdf', etag: 'e3', hash: h('b'), size: 20, coverPath: null }]);

    await t.api.applyS3Batch(t.admin, [{ kind: 'delete', id }]);
    expect(await getBook(t.db, id)).toBeUndefined();
    expect(await getProgress(t.db, u.id, id)).toBeUndefined();
  });

  it('does not add the same content twice, whether local or from the bucket', async () => {
    const t = await setup();
    const local = await makeBook(t.db, { fileHash: h('c'), filePath: 'local/c.pdf' });
    const res = await t.api.applyS3Batch(t.admin, [
      { kind: 'insert', key: 'c.pdf', etag: 'e', size: 1, hash: h('c'), book },
      { kind: 'insert', key: 'd.pdf', etag: 'e', size: 1, hash: h('d'), book },
      { kind: 'insert', key: 'd-copy.pdf', etag: 'e', size: 1, hash: h('d'), book },
    ]);
    expect(res[0]).toEqual({ status: 'duplicate', existingPath: local.filePath });
    expect(res[1]).toMatchObject({ status: 'ok' });
    expect(res[2]).toEqual({ status: 'duplicate', existingPath: 'd.pdf' });
  });

  it('refuses malformed writes as a whole and keeps secrets out of the stored settings', async () => {
    const t = await setup();
    const e = await errorOf(t.api.applyS3Batch(t.admin, [{ kind: 'insert', key: 'x.pdf', etag: 'e', size: 1, hash: 'not-a-hash', book } as S3Write]));
    expect(isAppError(e, 'INVALID_INPUT')).toBe(true);
    await t.api.setS3Source(t.admin, { ...config, secretAccessKey: 'TOP-SECRET', accessKeyId: 'AKIA' } as typeof config);
    const stored = (await getSetting(t.db, 's3_config'))!;
    expect(stored).not.toContain('TOP-SECRET');
    expect(stored).not.toContain('AKIA');
    expect(JSON.parse(stored)).toEqual({ ...config });
    expect(isAppError(await errorOf(t.api.setS3Source(t.admin, { ...config, bucket: ' ' })), 'INVALID_INPUT')).toBe(true);
    expect(isAppError(await errorOf(t.api.setS3Source(t.admin, { ...config, endpoint: 'ftp://x' })), 'INVALID_INPUT')).toBe(true);
  });

  it('configuring and removing the bucket is for admins; removing drops its books only', async () => {
    const t = await setup();
    await t.db.run(`INSERT INTO users (id, email, password_hash, display_name, role, created_at, updated_at) VALUES ('u', 'u@x.org', ?, 'U', 'user', 1, 1)`, [
      await hashPassword('user password', 4),
    ]);
    const user = (await t.api.signIn('u@x.org', 'user password', false)).token;
    expect(isAppError(await errorOf(t.api.setS3Source(user, config)), 'FORBIDDEN')).toBe(true);
    expect(isAppError(await errorOf(t.api.removeS3Source(user)), 'FORBIDDEN')).toBe(true);
    expect(isAppError(await errorOf(t.api.getS3Source('no-such-token')), 'UNAUTHENTICATED')).toBe(true);
    // A reader's session may keep the library in step (the poll), as with the local folder.
    expect((await t.api.getS3Source(user)).config).toEqual(config);

    const local = await makeBook(t.db);
    await t.api.applyS3Batch(t.admin, [{ kind: 'insert', key: 's.pdf', etag: 'e', size: 1, hash: h('e'), book: { ...book, coverPath: `covers/${h('e')}.webp` } }]);
    const { removed, staleCovers } = await t.api.removeS3Source(t.admin);
    expect(removed).toBe(1);
    expect(staleCovers).toEqual([`covers/${h('e')}.webp`]);
    expect(await getBook(t.db, local.id)).toBeDefined();
    expect(await t.api.getS3Source(t.admin)).toEqual({ config: null, status: null, bookCount: 0 });
  });
});
