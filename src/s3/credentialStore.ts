import { createStore, del, get, set } from 'idb-keyval';
import type { S3Credentials } from './types';

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

interface Sealed {
  iv: Uint8Array;
  data: ArrayBuffer;
}

async function cryptoKey(): Promise<CryptoKey> {
  const existing = await get<CryptoKey>(KEY, store());
  if (existing) return existing;
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  await set(KEY, key, store());
  return key;
}

export async function saveCredentials(creds: S3Credentials): Promise<void> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await cryptoKey(), new TextEncoder().encode(JSON.stringify(creds)));
  await set(CREDS, { iv, data } satisfies Sealed, store());
}

export async function loadCredentials(): Promise<S3Credentials | null> {
  const sealed = await get<Sealed>(CREDS, store());
  if (!sealed) return null;
  const key = await get<CryptoKey>(KEY, store());
  if (!key) return null;
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv as Uint8Array<ArrayBuffer> }, key, sealed.data);
    return JSON.parse(new TextDecoder().decode(plain)) as S3Credentials;
  } catch {
    return null; // a damaged record: the admin re-enters the keys
  }
}

export async function forgetCredentials(): Promise<void> {
  await del(CREDS, store());
  await del(KEY, store());
}
