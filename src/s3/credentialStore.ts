import { createStore, del, get, set } from 'idb-keyval';
import type { S3Credentials } from './types';
import type { S3Config } from '../db/api';

/**
 * S3 keys never enter the SQLite database (so never a backup). They are kept in IndexedDB,
 * encrypted with an AES-GCM key created non-extractable: script can use it to decrypt in this
 * origin, but the key's bytes cannot be read out, so a copy of the IndexedDB files or a leaked
 * export of the data is useless without this browser profile. It does not stop code running in
 * the app's own origin — the same limit as the accounts (see README, threat model).
 */
const store = () => createStore('alex-secrets', 'secrets');
const KEY = 'key';
const CREDS = 's3-credentials';
/** Whose keys: the S3 panel's bucket, or the bucket sync uses when it has its own. */
export type CredentialSlot = 's3' | 'sync';
const slotKey = (slot: CredentialSlot) => (slot === 's3' ? CREDS : 'sync-credentials');

interface Sealed {
  iv: Uint8Array;
  data: ArrayBuffer;
}

/**
 * The keys are sealed to the endpoint and bucket they were entered for (AES-GCM additional
 * data): when the S3 settings change by another way than the S3 panel (a restored backup), the
 * keys no longer open, so they are never sent to another server; the poll waits for an admin to
 * enter them again. Keys saved before this binding existed open for no bucket either.
 */
function boundTo(config: Pick<S3Config, 'endpoint' | 'bucket'>): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify(['alex-s3-keys', config.endpoint.trim(), config.bucket.trim()]));
}

async function cryptoKey(): Promise<CryptoKey> {
  const existing = await get<CryptoKey>(KEY, store());
  if (existing) return existing;
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  await set(KEY, key, store());
  return key;
}

export async function saveCredentials(creds: S3Credentials, config: Pick<S3Config, 'endpoint' | 'bucket'>, slot: CredentialSlot = 's3'): Promise<void> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: boundTo(config) },
    await cryptoKey(),
    new TextEncoder().encode(JSON.stringify(creds)),
  );
  await set(slotKey(slot), { iv, data } satisfies Sealed, store());
}

/** The keys for this endpoint and bucket; null when none were saved for them. */
export async function loadCredentials(config: Pick<S3Config, 'endpoint' | 'bucket'>, slot: CredentialSlot = 's3'): Promise<S3Credentials | null> {
  const sealed = await get<Sealed>(slotKey(slot), store());
  if (!sealed) return null;
  const key = await get<CryptoKey>(KEY, store());
  if (!key) return null;
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv as Uint8Array<ArrayBuffer>, additionalData: boundTo(config) }, key, sealed.data);
    return JSON.parse(new TextDecoder().decode(plain)) as S3Credentials;
  } catch {
    return null; // damaged, or sealed to another endpoint or bucket: the admin re-enters the keys
  }
}

/** The S3 panel's "Remove bucket": every key goes, sync's own too (they share the sealing key). */
export async function forgetCredentials(): Promise<void> {
  await del(CREDS, store());
  await del(slotKey('sync'), store());
  await del(KEY, store());
}

/** Turning sync off: only sync's own bucket keys go. */
export async function forgetSyncCredentials(): Promise<void> {
  await del(slotKey('sync'), store());
}
