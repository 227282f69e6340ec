import { AppError } from '../domain/errors';
import { S3RangeBlob } from '../s3/S3RangeBlob';
import { importPublishKey, openRange, openWhole, sealedSize } from './chunkCipher';
import type { PublishedBook, PublishedManifest, PublishedObject, PublishLinkTarget } from './types';

export const GONE_MESSAGE = 'This link is no longer shared.';

/** When a presigned URL stops working (X-Amz-Date + X-Amz-Expires), or null. */
export function presignedExpiry(url: string): number | null {
  try {
    const q = new URL(url).searchParams;
    const date = q.get('X-Amz-Date');
    const expires = Number(q.get('X-Amz-Expires'));
    const m = date && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
    if (!m || !expires) return null;
    return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000 + expires;
  } catch {
    return null;
  }
}

/** Fetch that turns the bucket's refusals into what the visitor should read. */
async function get(url: string, init?: RequestInit): Promise<Response> {
  let res: Response;
  const once = () => fetch(url, { ...init, cache: 'no-store', credentials: 'omit' });
  try {
    // One retry: a kept-alive connection the server has just closed fails the first attempt.
    res = await once().catch(once);
  } catch (cause) {
    throw new AppError('NOT_FOUND', 'The shared copy could not be reached: this device may be offline, or the bucket does not allow this site (CORS).', { reason: 'network' }, { cause });
  }
  // Without ListBucket rights S3 answers 403 for a missing object too: both mean "gone" here.
  if (res.status === 403 || res.status === 404 || res.status === 400) {
    const expiry = presignedExpiry(url);
    if (expiry !== null && expiry * 1000 < Date.now()) throw new AppError('NOT_FOUND', `${GONE_MESSAGE} Its links expired on ${new Date(expiry * 1000).toLocaleString()}.`, { reason: 'expired' });
    throw new AppError('NOT_FOUND', GONE_MESSAGE, { reason: 'gone', status: res.status });
  }
  if (!res.ok && res.status !== 206) throw new AppError('INTERNAL', `The bucket answered ${res.status} ${res.statusText}.`, { reason: 'http', status: res.status });
  return res;
}

/**
 * A published collection as a visitor's browser reads it, straight from the bucket: the
 * manifest named by the link, covers, and books (PDF by range requests, decrypted chunk by chunk
 * when the copy is encrypted). Needs no library, no account, no keys.
 */
export class PublishedCopy {
  private constructor(
    readonly manifest: PublishedManifest,
    private readonly manifestUrl: string,
    private readonly key: CryptoKey | null,
  ) {}

  static async open(target: PublishLinkTarget): Promise<PublishedCopy> {
    const key = target.key ? await importPublishKey(target.key).catch(() => { throw new AppError('NOT_FOUND', 'The key in this link is damaged: ask for the link again.'); }) : null;
    const res = await get(target.manifestUrl);
    const bytes = await res.arrayBuffer();
    let manifest: PublishedManifest;
    try {
      const text = new TextDecoder().decode(key ? await openWhole(key, bytes) : new Uint8Array(bytes));
      manifest = JSON.parse(text) as PublishedManifest;
    } catch (cause) {
      throw new AppError('NOT_FOUND', 'The shared copy could not be opened: the link is incomplete or its key is wrong.', { reason: 'damaged' }, { cause });
    }
    if (manifest?.v !== 1 || !Array.isArray(manifest.books)) throw new AppError('NOT_FOUND', 'The shared copy is not one this version of Alex can read.');
    return new PublishedCopy(manifest, target.manifestUrl, key);
  }

  book(id: string): PublishedBook {
    const b = this.manifest.books.find((x) => x.id === id);
    if (!b) throw new AppError('NOT_FOUND', 'This book is not in the shared collection.');
    return b;
  }

  private url(o: PublishedObject): string {
    return o.url ?? new URL(o.path, this.manifestUrl).href;
  }

  async cover(b: PublishedBook): Promise<Blob | null> {
    if (!b.cover) return null;
    const bytes = await (await get(this.url(b.cover))).arrayBuffer();
    return new Blob([this.key ? ((await openWhole(this.key, bytes)) as Uint8Array<ArrayBuffer>) : bytes], { type: 'image/webp' });
  }

  /** A PDF reads by ranges (only the pages shown are fetched); an EPUB is fetched whole. */
  async file(b: PublishedBook): Promise<Blob> {
    const url = this.url(b.file);
    const type = b.fileType === 'pdf' ? 'application/pdf' : 'application/epub+zip';
    const ranged = async (start: number, end: number) => (await get(url, { headers: { Range: `bytes=${start}-${end - 1}` } })).arrayBuffer();
    if (b.fileType === 'pdf') {
      const key = this.key;
      const read = key
        ? async (s: number, e: number) => new Blob([(await openRange(key, b.fileSize, ranged, s, e)) as Uint8Array<ArrayBuffer>])
        : async (s: number, e: number) => new Blob([await ranged(s, e)]);
      return new S3RangeBlob(b.fileSize, read, type) as unknown as Blob;
    }
    const bytes = await (await get(url)).arrayBuffer();
    if (this.key && bytes.byteLength !== sealedSize(b.fileSize)) throw new AppError('NOT_FOUND', 'The shared copy of this book is damaged.');
    return new Blob([this.key ? ((await openWhole(this.key, bytes)) as Uint8Array<ArrayBuffer>) : bytes], { type });
  }
}
