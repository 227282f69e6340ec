/**
 * The library key: Argon2id of the sync passphrase (memory-hard, so guessing passphrases against
 * a copy of the bucket costs real memory per guess), then HKDF to an AES-GCM key the page cannot
 * export. Every device that knows the passphrase derives the same key from the salt in
 * sync/keyinfo.json.
 */
import { argon2id } from 'hash-wasm';

export interface KdfParams {
  name: 'argon2id';
  /** Memory in KiB. */
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/**
 * 64 MiB, 3 passes: about 0.55 s in Node 20 on this machine's cores (hash-wasm is WebAssembly,
 * so a browser is in the same range, slower phones up to a few seconds). OWASP's floor for
 * Argon2id is 19 MiB × 2; we spend more because the salt and the key check sit in a bucket
 * an attacker may copy, and the derivation runs once per device launch, not per request.
 */
export const DEFAULT_KDF: KdfParams = { name: 'argon2id', memoryKiB: 64 * 1024, iterations: 3, parallelism: 1 };

/**
 * Bounds on what a bucket may ask for: keyinfo.json is plain text anyone with write access can
 * edit, and it must not make a browser allocate gigabytes or spin for minutes.
 */
export function kdfParamsAcceptable(p: KdfParams): boolean {
  return (
    p.name === 'argon2id' &&
    Number.isInteger(p.memoryKiB) && p.memoryKiB >= 8 * p.parallelism && p.memoryKiB <= 1024 * 1024 &&
    Number.isInteger(p.iterations) && p.iterations >= 1 && p.iterations <= 20 &&
    Number.isInteger(p.parallelism) && p.parallelism >= 1 && p.parallelism <= 4
  );
}

const INFO = new TextEncoder().encode('alex-sync library key v1');

export async function deriveLibraryKey(passphrase: string, salt: Uint8Array, params: KdfParams): Promise<CryptoKey> {
  // NFC: the same passphrase typed on two systems may arrive as different code points.
  const raw = await argon2id({
    password: passphrase.normalize('NFC'),
    salt,
    memorySize: params.memoryKiB,
    iterations: params.iterations,
    parallelism: params.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
  try {
    const base = await crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveKey']);
    // HKDF with a purpose label, so later keys (e.g. for published shares) come from the same
    // secret without ever reusing this one.
    return await crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: INFO },
      base,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
  } finally {
    raw.fill(0);
  }
}
