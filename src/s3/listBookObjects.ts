import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '../db/api';
import { isBookKey, normaliseEtag, type S3Object } from './types';

/** Every .pdf/.epub object under the prefix, page by page (S3 returns at most 1,000 a page). */
export async function* listBookObjects(client: S3Client, config: S3Config, signal?: AbortSignal): AsyncGenerator<S3Object[]> {
  let token: string | undefined;
  do {
    signal?.throwIfAborted();
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: config.bucket, Prefix: config.prefix || undefined, ContinuationToken: token }),
      { abortSignal: signal },
    );
    const books: S3Object[] = [];
    for (const o of page.Contents ?? []) {
      if (!o.Key || !isBookKey(o.Key)) continue;
      books.push({ key: o.Key, etag: normaliseEtag(o.ETag), size: Number(o.Size ?? 0), lastModified: o.LastModified ? Math.floor(o.LastModified.getTime() / 1000) : null });
    }
    yield books;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}
