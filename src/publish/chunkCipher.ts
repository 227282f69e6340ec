/**
 * AES-GCM over fixed-size chunks, so an encrypted PDF can still be read by HTTP range requests:
 * a plaintext range maps to whole ciphertext chunks, each authenticated on its own. Layout of an
 * object: 8-byte random nonce prefix, then for each CHUNK bytes of plaintext the ciphertext plus
 * its 16-byte tag. The IV is prefix || chunk index; the additional data names the index and
 * whether it is the last chunk, so chunks cannot be reordered, dropped or the object truncated.
 */
export const CHUNK = 64 * 1024;
const TAG = 16;
const HEADER = 8;
const SEALED_CHUNK = CHUNK + TAG;

/** A fresh 256-bit key, exported as base64url for the link's #fragment. */
export async function newPublishKey(): Promise<string> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  return toBase64Url(new Uint8Array(await crypto.subtle.exportKey('raw', key)));
}

export function importPublishKey(b64: string): Promise<CryptoKey> {
  const raw = fromBase64Url(b64);
  if (raw.length !== 32) throw new Error('The key in this link is damaged.');
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

function chunkCount(plainSize: number): number {
  return Math.max(1, Math.ceil(plainSize / CHUNK));
}

/** Size of the sealed object for a plaintext of `plainSize` bytes. */
export function sealedSize(plainSize: number): number {
  return HEADER + plainSize + chunkCount(plainSize) * TAG;
}

function iv(prefix: Uint8Array, index: number): Uint8Array<ArrayBuffer> {
  const v = new Uint8Array(12);
  v.set(prefix, 0);
  new DataView(v.buffer).setUint32(8, index);
  return v;
}

function aad(index: number, last: boolean): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${index}:${last ? 1 : 0}`) as Uint8Array<ArrayBuffer>;
}

export async function seal(key: CryptoKey, plain: Blob): Promise<Blob> {
  const prefix = crypto.getRandomValues(new Uint8Array(HEADER));
  const n = chunkCount(plain.size);
  const parts: BlobPart[] = [prefix];
  for (let i = 0; i < n; i++) {
    const bytes = await plain.slice(i * CHUNK, (i + 1) * CHUNK).arrayBuffer();
    parts.push(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv(prefix, i), additionalData: aad(i, i === n - 1) }, key, bytes));
  }
  return new Blob(parts);
}

/** Reads sealed bytes [start, end) of the object (a ranged GET, or a slice of the whole). */
export type SealedReader = (start: number, end: number) => Promise<ArrayBuffer>;

/**
 * Plaintext bytes [start, end) of a sealed object whose plaintext is `plainSize` bytes long,
 * reading only the chunks that hold them. A tampered or wrongly keyed chunk throws.
 */
export async function openRange(key: CryptoKey, plainSize: number, read: SealedReader, start: number, end: number): Promise<Uint8Array> {
  const n = chunkCount(plainSize);
  end = Math.min(end, plainSize);
  if (end <= start) return new Uint8Array(0);
  const first = Math.floor(start / CHUNK);
  const last = Math.floor((end - 1) / CHUNK);
  const prefix = new Uint8Array(await read(0, HEADER));
  const from = HEADER + first * SEALED_CHUNK;
  const to = Math.min(HEADER + (last + 1) * SEALED_CHUNK, sealedSize(plainSize));
  const sealed = new Uint8Array(await read(from, to));
  const out = new Uint8Array((last - first + 1) * CHUNK);
  let written = 0;
  for (let i = first; i <= last; i++) {
    const at = (i - first) * SEALED_CHUNK;
    const chunk = sealed.subarray(at, Math.min(at + SEALED_CHUNK, sealed.length));
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: iv(prefix, i), additionalData: aad(i, i === n - 1) }, key, chunk);
    out.set(new Uint8Array(plain), written);
    written += plain.byteLength;
  }
  const offset = start - first * CHUNK;
  return out.subarray(offset, offset + (end - start));
}

/** The whole plaintext of a sealed object held in memory (a manifest, a cover, an EPUB). */
export async function openWhole(key: CryptoKey, sealed: ArrayBuffer): Promise<Uint8Array> {
  const body = sealed.byteLength - HEADER;
  const n = Math.max(1, Math.ceil(body / SEALED_CHUNK));
  const plainSize = body - n * TAG;
  if (plainSize < 0) throw new Error('The published copy is damaged.');
  const read: SealedReader = async (s, e) => sealed.slice(s, e);
  return openRange(key, plainSize, read, 0, plainSize);
}

export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(s: string): Uint8Array<ArrayBuffer> {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}
