/**
 * The format of every object in sync/ except keyinfo.json:
 *
 *   byte 0      format version (1)
 *   bytes 1-12  random 96-bit AES-GCM IV
 *   rest        AES-GCM-256 ciphertext + 128-bit tag of deflate(JSON)
 *
 * The object's name inside sync/ is the additional authenticated data: an object copied or
 * renamed to another name (to replay an old entry, or swap two) fails to open.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { AppError } from '../domain/errors';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

function aad(name: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`alex-sync v${VERSION} ${name}`);
}

export async function sealObject(key: CryptoKey, name: string, value: unknown): Promise<Uint8Array<ArrayBuffer>> {
  // Compressed before encryption (ciphertext does not compress). Length still shows, roughly.
  const plain = deflateSync(strToU8(JSON.stringify(value)));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(name) }, key, plain as Uint8Array<ArrayBuffer>),
  );
  const out = new Uint8Array(1 + IV_BYTES + sealed.length);
  out[0] = VERSION;
  out.set(iv, 1);
  out.set(sealed, 1 + IV_BYTES);
  return out;
}

/** Opens what sealObject wrote under the same name, or throws SYNC_CORRUPT. */
export async function openSealed<T>(key: CryptoKey, name: string, bytes: Uint8Array): Promise<T> {
  const corrupt = (why: string, cause?: unknown) =>
    new AppError('SYNC_CORRUPT', `The synced object ${name} cannot be read (${why}).`, { name }, { cause });
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES) throw corrupt('too short');
  if (bytes[0] !== VERSION) throw corrupt(`unknown format ${bytes[0]}`);
  let plain: Uint8Array;
  try {
    plain = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: bytes.slice(1, 1 + IV_BYTES), additionalData: aad(name) },
        key,
        bytes.slice(1 + IV_BYTES),
      ),
    );
  } catch (e) {
    throw corrupt('it was changed, renamed, or sealed with another key', e);
  }
  try {
    return JSON.parse(strFromU8(inflateSync(plain))) as T;
  } catch (e) {
    throw corrupt('authentic but not valid JSON', e);
  }
}
