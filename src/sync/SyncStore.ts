/**
 * The few S3 calls sync makes, on names relative to `<prefix>sync/`. Nothing here knows about
 * encryption or the log; it exists so the protocol code reads as protocol.
 */
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export interface SyncLocation {
  client: S3Client;
  bucket: string;
  /** The library's prefix in the bucket (S3Config.prefix); sync lives under `<prefix>sync/`. */
  prefix: string;
}

function errorName(e: unknown): string {
  return (e as { name?: string } | null)?.name ?? '';
}

function status(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

export class SyncStore {
  readonly client: S3Client;
  readonly bucket: string;
  /** `<prefix>sync/`, with exactly one slash between the library prefix and `sync/`. */
  readonly root: string;
  /** Cleared once a provider answers 501 to a conditional write: it then gets plain writes. */
  #conditional = true;

  constructor(loc: SyncLocation) {
    this.client = loc.client;
    this.bucket = loc.bucket;
    const p = loc.prefix.replace(/^\/+/, '');
    this.root = `${p && !p.endsWith('/') ? `${p}/` : p}sync/`;
  }

  /** The object's bytes, or null when there is no such object. */
  async get(name: string): Promise<Uint8Array | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.root + name }));
      if (!res.Body) return new Uint8Array(0);
      return await res.Body.transformToByteArray();
    } catch (e) {
      if (errorName(e) === 'NoSuchKey' || status(e) === 404) return null;
      throw e;
    }
  }

  /**
   * Writes an object. With `ifAbsent`, asks the provider to refuse if the name exists
   * (`If-None-Match: *`, AWS since 2024, R2, MinIO) and answers 'exists' when it does. Some
   * stores ignore the header (s3rver) and overwrite: callers must not rely on it for safety,
   * only use it where it helps.
   */
  async put(name: string, body: Uint8Array, opts: { ifAbsent?: boolean; contentType?: string } = {}): Promise<'written' | 'exists'> {
    const send = (conditional: boolean) =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.root + name,
          Body: body,
          ContentType: opts.contentType ?? 'application/octet-stream',
          IfNoneMatch: conditional ? '*' : undefined,
        }),
      );
    try {
      await send(!!opts.ifAbsent && this.#conditional);
      return 'written';
    } catch (e) {
      if (opts.ifAbsent && (errorName(e) === 'PreconditionFailed' || status(e) === 412)) return 'exists';
      if (opts.ifAbsent && this.#conditional && (errorName(e) === 'NotImplemented' || status(e) === 501)) {
        this.#conditional = false;
        await send(false);
        return 'written';
      }
      throw e;
    }
  }

  /**
   * Deletes objects, one DELETE each, four at a time: DeleteObjects would be one request, but it
   * is a POST, which the bucket's CORS rule (src/s3/corsRules.ts) does not allow. A name already
   * gone is not an error (S3 answers 204).
   */
  async delete(names: readonly string[]): Promise<void> {
    const queue = [...names];
    const worker = async () => {
      for (let n = queue.shift(); n !== undefined; n = queue.shift()) await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.root + n }));
    };
    await Promise.all(Array.from({ length: Math.min(4, queue.length) }, worker));
  }

  /**
   * Names under `dir` (e.g. 'log/') after `startAfter` (a name relative to the root), in key
   * order, one page per ListObjectsV2 request. `maxKeys` bounds a page, not the whole walk.
   */
  async *list(dir: string, opts: { startAfter?: string; maxKeys?: number } = {}): AsyncGenerator<string[]> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.root + dir,
          StartAfter: token ? undefined : opts.startAfter ? this.root + opts.startAfter : undefined,
          ContinuationToken: token,
          MaxKeys: opts.maxKeys,
        }),
      );
      yield (page.Contents ?? []).map((o) => (o.Key ?? '').slice(this.root.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}
