/** Simulated devices for the merge tests: each a migrated database with its API, syncing through s3rver. */
import type { Engine } from './engines';
import { makeTestApi, type TestApi } from './testApi';
import { countingClient, BUCKET, FAST_KDF, type S3 } from './syncHelpers';
import { SyncEngine } from '../../src/sync/SyncEngine';
import type { SyncLocation } from '../../src/sync/SyncStore';

export const PASS = 'correct horse battery staple';

export type Device = TestApi & { sync: SyncEngine; loc: SyncLocation };

export async function location(s3: S3, prefix: string): Promise<SyncLocation> {
  const { client } = await countingClient(s3);
  return { client, bucket: BUCKET, prefix };
}

/** A device with a library of its own that turns sync on. */
export async function firstDevice(engine: Engine, s3: S3, prefix: string, setup: (t: TestApi) => Promise<void> = async () => {}): Promise<Device> {
  const t = await makeTestApi(engine);
  await setup(t);
  const loc = await location(s3, prefix);
  const sync = await SyncEngine.turnOn(t.db, loc, PASS, { kdf: FAST_KDF });
  return { ...t, sync, loc };
}

/** A new device (first run: only the seeded admin) that joins. */
export async function joiningDevice(engine: Engine, s3: S3, prefix: string, setup: (t: TestApi) => Promise<void> = async () => {}): Promise<Device> {
  const t = await makeTestApi(engine);
  await setup(t);
  const loc = await location(s3, prefix);
  const sync = await SyncEngine.join(t.db, loc, PASS);
  return { ...t, sync, loc };
}

/** Every device syncs twice in turn, so each sees everyone's changes (and promotions they caused). */
export async function settle(...devices: Device[]): Promise<void> {
  for (let i = 0; i < 2; i++) for (const d of devices) await d.sync.round();
}

/** Waits for the wall clock to move on, so the next change is stamped after the last one. */
export function nextMs(): void {
  const t = Date.now();
  while (Date.now() <= t) {
    /* a millisecond at most */
  }
}
