import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/domain/errors';
import { openSyncBucket } from '../../src/sync/openSyncBucket';
import { DEFAULT_KDF } from '../../src/sync/libraryKey';
import { EMPTY_CURSOR } from '../../src/sync/types';
import { countingClient, device, errorOf, FAST_KDF, putRaw, rawObjects, useSyncS3, BUCKET } from './syncHelpers';

const PASS = 'correct horse battery staple';

describe('a synced library in a real bucket (s3rver): keys, passphrase, encryption', () => {
  const s3 = useSyncS3();

  it('is created with a passphrase and reopened with it; keyinfo.json holds no secret', async () => {
    const a = await device(s3(), 'lib1/', PASS, { create: true });
    const b = await device(s3(), 'lib1/', PASS);
    expect(b.bucket.libraryId).toBe(a.bucket.libraryId);
    await a.bucket.append([{ n: 1 }]);
    expect((await b.bucket.pull(EMPTY_CURSOR)).entries.map((e) => e.records)).toEqual([[{ n: 1 }]]);
    const raw = await rawObjects(a.client, 'lib1/');
    const info = JSON.parse(new TextDecoder().decode(raw.get('lib1/sync/keyinfo.json')!));
    expect(info).toMatchObject({ format: 'alex-sync', version: 1, kdf: { ...FAST_KDF, salt: expect.any(String) } });
    expect(JSON.stringify(info)).not.toContain(PASS);
  });

  it('refuses a wrong passphrase with a plain message and writes nothing', async () => {
    await device(s3(), 'lib2/', PASS, { create: true });
    const { client } = await countingClient(s3());
    const before = await rawObjects(client, '');
    const c = await countingClient(s3());
    const e = await errorOf(openSyncBucket({ client: c.client, bucket: BUCKET, prefix: 'lib2/' }, 'correct horse battery stapler', { create: false }));
    expect(isAppError(e, 'SYNC_WRONG_PASSPHRASE')).toBe(true);
    expect((e as Error).message).toMatch(/passphrase does not open/);
    expect(c.counts).toEqual({ GetObjectCommand: 1 }); // read keyinfo.json, nothing else
    expect(await rawObjects(client, '')).toEqual(before);
  });

  it('says when there is nothing to join, or something to join instead of creating', async () => {
    const c = await countingClient(s3());
    const loc = { client: c.client, bucket: BUCKET, prefix: 'empty/' };
    expect(isAppError(await errorOf(openSyncBucket(loc, PASS, { create: false })), 'SYNC_NOT_SET_UP')).toBe(true);
    expect(await rawObjects(c.client, 'empty/')).toEqual(new Map());
    await device(s3(), 'lib3/', PASS, { create: true });
    expect(isAppError(await errorOf(device(s3(), 'lib3/', 'other', { create: true })), 'SYNC_ALREADY_SET_UP')).toBe(true);
  });

  it('detects a flipped byte and a renamed object as corrupt', async () => {
    const a = await device(s3(), 'lib4/', PASS, { create: true });
    const b = await device(s3(), 'lib4/', PASS);
    const { name } = await a.bucket.append([{ n: 1 }]);
    const key = `lib4/sync/${name}`;
    const bytes = (await rawObjects(a.client, key)).get(key)!;

    const flipped = bytes.slice();
    flipped[flipped.length - 20]! ^= 1;
    await putRaw(a.client, key, flipped);
    const e1 = await errorOf(b.bucket.pull(EMPTY_CURSOR));
    expect(isAppError(e1, 'SYNC_CORRUPT')).toBe(true);

    // The original bytes under another valid name (a replay as a later entry): the name is
    // authenticated, so this fails too.
    await putRaw(a.client, key, bytes);
    expect((await b.bucket.pull(EMPTY_CURSOR)).entries).toHaveLength(1);
    const replay = name.replace(/\.1$/, '.2').replace(/^log\/(\d{15})/, (_, w: string) => `log/${String(Number(w) + 1).padStart(15, '0')}`);
    await putRaw(a.client, `lib4/sync/${replay}`, bytes);
    const e2 = await errorOf(b.bucket.pull(EMPTY_CURSOR));
    expect(isAppError(e2, 'SYNC_CORRUPT')).toBe(true);
    expect((e2 as { details?: { name?: string } }).details?.name).toBe(replay);
  });

  it('stores no readable title, email or hash in any object or name', async () => {
    const title = 'The Left Hand of Darkness';
    const email = 'ursula@example.org';
    const hash = 'ab'.repeat(32);
    const a = await device(s3(), 'lib5/', PASS, { create: true });
    const record = { table: 'books', title, email, hash };
    await a.bucket.append([record, record]);
    await a.bucket.putSnapshot({ books: [record] }, EMPTY_CURSOR);
    const raw = await rawObjects(a.client, 'lib5/');
    expect(raw.size).toBe(3);
    for (const [key, bytes] of raw) {
      const text = new TextDecoder('latin1').decode(bytes);
      for (const secret of [title, 'Darkness', email, 'example.org', hash, hash.slice(0, 16), PASS]) {
        expect(text).not.toContain(secret);
        expect(key).not.toContain(secret);
      }
    }
  });

  it('uses the real Argon2id parameters by default (measured)', async () => {
    const c = await countingClient(s3());
    const start = performance.now();
    await openSyncBucket({ client: c.client, bucket: BUCKET, prefix: 'real/' }, PASS, { create: true });
    const ms = performance.now() - start;
    console.info(`create with Argon2id ${DEFAULT_KDF.memoryKiB / 1024} MiB × ${DEFAULT_KDF.iterations}: ${Math.round(ms)} ms`);
    const info = JSON.parse(new TextDecoder().decode((await rawObjects(c.client, 'real/sync/keyinfo.json')).get('real/sync/keyinfo.json')!));
    expect(info.kdf).toMatchObject({ name: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 1 });
    const e = await errorOf(openSyncBucket({ client: c.client, bucket: BUCKET, prefix: 'real/' }, 'wrong', { create: false }));
    expect(isAppError(e, 'SYNC_WRONG_PASSPHRASE')).toBe(true);
  });
});
