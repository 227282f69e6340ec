/**
 * `<prefix>sync/keyinfo.json`, the one plain object of a synced library: what a device needs to
 * derive the key from the passphrase (salt, KDF parameters) and a sealed check value that only
 * the right key opens. Reading it is all a wrong passphrase costs: nothing is written until the
 * check opens.
 */
import { AppError } from '../domain/errors';
import { deriveLibraryKey, kdfParamsAcceptable, type KdfParams } from './libraryKey';
import { openSealed, sealObject } from './sealObject';
import type { SyncStore } from './SyncStore';

export const KEYINFO = 'keyinfo.json';
const FORMAT = 'alex-sync';
const VERSION = 1;
/** The name the check value is sealed under (it is stored inside keyinfo.json, not as an object). */
const CHECK_NAME = 'keyinfo.json#check';

export interface KeyInfo {
  format: typeof FORMAT;
  version: number;
  /** Random per library, so one passphrase used for two libraries gives two keys. */
  libraryId: string;
  kdf: KdfParams & { salt: string };
  /** base64 of sealObject(key, CHECK_NAME, { libraryId }). */
  check: string;
}

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

function corrupt(why: string): AppError {
  return new AppError('SYNC_CORRUPT', `The bucket's sync/keyinfo.json is not usable (${why}).`);
}

export async function readKeyInfo(store: SyncStore): Promise<KeyInfo | null> {
  const bytes = await store.get(KEYINFO);
  if (!bytes) return null;
  let info: KeyInfo;
  try {
    info = JSON.parse(new TextDecoder().decode(bytes)) as KeyInfo;
  } catch {
    throw corrupt('not JSON');
  }
  if (info?.format !== FORMAT) throw corrupt('not an Alex sync key file');
  if (info.version !== VERSION)
    throw new AppError('SYNC_CORRUPT', `This synced library uses format ${info.version}; this version of Alex reads format ${VERSION}. Update Alex on this device.`);
  if (typeof info.libraryId !== 'string' || typeof info.check !== 'string' || typeof info.kdf?.salt !== 'string' || !kdfParamsAcceptable(info.kdf))
    throw corrupt('missing or out-of-range fields');
  return info;
}

/**
 * The key, or SYNC_WRONG_PASSPHRASE when the check value does not open with it. A key this device
 * saved (a CryptoKey) is checked the same way without the slow derivation: after a passphrase
 * change or a new library in the bucket it fails, and the person enters the passphrase again.
 */
export async function unlockKeyInfo(info: KeyInfo, secret: string | CryptoKey): Promise<CryptoKey> {
  const { salt, ...params } = info.kdf;
  const key = typeof secret === 'string' ? await deriveLibraryKey(secret, unb64(salt), params) : secret;
  try {
    const check = await openSealed<{ libraryId?: string }>(key, CHECK_NAME, unb64(info.check));
    if (check.libraryId === info.libraryId) return key;
  } catch {
    // A wrong passphrase and an edited keyinfo.json look the same here: both fail the check.
  }
  throw new AppError('SYNC_WRONG_PASSPHRASE', 'This sync passphrase does not open the library in this bucket. Check it and try again.');
}

/** A new key info with a fresh salt and library id, and its key. Not yet written. */
export async function newKeyInfo(passphrase: string, params: KdfParams): Promise<{ info: KeyInfo; key: CryptoKey }> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const libraryId = crypto.randomUUID();
  const key = await deriveLibraryKey(passphrase, salt, params);
  const check = await sealObject(key, CHECK_NAME, { libraryId });
  return { info: { format: FORMAT, version: VERSION, libraryId, kdf: { ...params, salt: b64(salt) }, check: b64(check) }, key };
}

export function encodeKeyInfo(info: KeyInfo): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(info, null, 2));
}
