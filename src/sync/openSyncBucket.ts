/**
 * Opens (or, with `create`, sets up) the synced library in a bucket with its passphrase.
 *
 * - No library there and not creating: SYNC_NOT_SET_UP.
 * - Creating where one exists: SYNC_ALREADY_SET_UP (join it instead).
 * - Wrong passphrase: SYNC_WRONG_PASSPHRASE, and nothing was written (only keyinfo.json was read).
 */
import { AppError } from '../domain/errors';
import type { Hlc } from './hlc';
import { DEFAULT_KDF, type KdfParams } from './libraryKey';
import { encodeKeyInfo, KEYINFO, newKeyInfo, readKeyInfo, unlockKeyInfo } from './keyInfo';
import { SyncBucket } from './SyncBucket';
import { SyncStore, type SyncLocation } from './SyncStore';

export interface OpenSyncOptions {
  create: boolean;
  /** Only when creating; defaults to DEFAULT_KDF. Tests lower it to stay fast. */
  kdf?: KdfParams;
  /** This launch's writer id (default: random). */
  writerId?: string;
  /** The largest clock value this device issued before (see SyncBucket.clock). */
  clockSeed?: Hlc;
  /** Tests skew it. */
  wallClock?: () => number;
}

const notSetUp = () => new AppError('SYNC_NOT_SET_UP', 'This bucket has no synced library yet. Set up sync on the device that has the library first.');

/** `secret`: the passphrase, or the library key this device kept from an earlier opening. */
export async function openSyncBucket<T = unknown>(loc: SyncLocation, secret: string | CryptoKey, opts: OpenSyncOptions): Promise<SyncBucket<T>> {
  const store = new SyncStore(loc);
  const make = (key: CryptoKey, libraryId: string) => new SyncBucket<T>(store, key, libraryId, opts);

  const existing = await readKeyInfo(store);
  if (existing) {
    if (opts.create) throw new AppError('SYNC_ALREADY_SET_UP', 'This bucket already holds a synced library: join it with its passphrase instead.');
    return make(await unlockKeyInfo(existing, secret), existing.libraryId);
  }
  if (!opts.create) throw notSetUp();
  if (typeof secret !== 'string' || !secret) throw new AppError('INVALID_INPUT', 'Choose a sync passphrase.');
  const passphrase = secret;

  const { info, key } = await newKeyInfo(passphrase, opts.kdf ?? DEFAULT_KDF);
  if ((await store.put(KEYINFO, encodeKeyInfo(info), { ifAbsent: true, contentType: 'application/json' })) === 'exists')
    throw new AppError('SYNC_ALREADY_SET_UP', 'Another device set up sync in this bucket a moment ago: join it with its passphrase instead.');
  // A provider that ignores If-None-Match lets two devices creating at once both "win": the
  // last write stands, so read it back and follow whichever library is now there.
  const stored = await readKeyInfo(store);
  if (!stored) throw notSetUp();
  if (stored.libraryId !== info.libraryId)
    throw new AppError('SYNC_ALREADY_SET_UP', 'Another device set up sync in this bucket a moment ago: join it with its passphrase instead.');
  return make(key, info.libraryId);
}
