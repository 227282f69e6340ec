import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './engines';
import { makeUser } from './factories';
import { errorOf, FAST_KDF, rawObjects, startSyncS3, type S3 } from './syncHelpers';
import { firstDevice, joiningDevice, type Device } from './syncDevices';
import { insertCollection, listCollectionsOfUser } from '../../src/db/queries/collections';
import { isAppError } from '../../src/domain/errors';
import { SyncEngine } from '../../src/sync/SyncEngine';
import { openSyncBucket } from '../../src/sync/openSyncBucket';

/**
 * A device keeps the library key it derived when sync was turned on or joined, so a launch does
 * not run Argon2 again: resuming with that key must sync exactly as with the passphrase, and a key
 * that does not open the bucket's library must be refused before anything is written.
 */
describe('resuming sync with the key this device kept', () => {
  const engine = engines[0]!;
  let s3: S3;
  let a: Device;
  let b: Device;
  let other: Device;
  let readerId = '';
  beforeAll(async () => {
    s3 = await startSyncS3();
    a = await firstDevice(engine, s3, 'kept/', async (t) => {
      readerId = (await makeUser(t.db, 'user', 'kept@example.org')).id;
    });
    b = await joiningDevice(engine, s3, 'kept/');
    // Same passphrase, another library: another salt, so another key.
    other = await firstDevice(engine, s3, 'elsewhere/');
  }, 120_000);
  afterAll(async () => {
    await s3?.close();
  });

  it("syncs after a relaunch with only the kept key: A's change reaches B", async () => {
    const kept = a.sync.bucket.key;
    expect(kept.extractable).toBe(false);
    const relaunched = await SyncEngine.resume(a.db, a.loc, kept);
    expect(relaunched.bucket.libraryId).toBe(a.sync.bucket.libraryId);
    await insertCollection(a.db, readerId, 'After relaunch');
    await relaunched.round();
    await b.sync.round();
    expect((await listCollectionsOfUser(b.db, readerId)).map((c) => c.name)).toContain('After relaunch');
  });

  it('refuses a key that does not open this library, and writes nothing', async () => {
    const before = await rawObjects(a.loc.client, 'kept/');
    const e = await errorOf(SyncEngine.resume(a.db, a.loc, other.sync.bucket.key));
    expect(isAppError(e, 'SYNC_WRONG_PASSPHRASE')).toBe(true);
    expect([...(await rawObjects(a.loc.client, 'kept/')).keys()]).toEqual([...before.keys()]);
  });

  it('a new library needs a passphrase, not a kept key', async () => {
    const e = await errorOf(openSyncBucket({ ...other.loc, prefix: 'fresh/' }, a.sync.bucket.key, { create: true, kdf: FAST_KDF }));
    expect(isAppError(e, 'INVALID_INPUT')).toBe(true);
    expect((await rawObjects(a.loc.client, 'fresh/')).size).toBe(0);
  });
});
