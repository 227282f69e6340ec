import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { listBookObjects } from './listBookObjects';
import type { S3Config } from '../db/api';
import type { S3Object } from './types';

export async function listAllBooks(client: S3Client, config: S3Config, signal?: AbortSignal): Promise<S3Object[]> {
  const all: S3Object[] = [];
  for await (const page of listBookObjects(client, config, signal)) all.push(...page);
  return all;
}

/**
 * An object's bytes, or a byte range of them. In the browser the body is a ReadableStream;
 * `sink` (when given) receives it as a stream so a large book goes to disk, not memory.
 */
export async function getObject(
  client: S3Client,
  config: S3Config,
  key: string,
  opts: { signal?: AbortSignal; range?: [number, number]; sink?: (body: ReadableStream<Uint8Array>) => Promise<Blob> } = {},
): Promise<Blob> {
  const res = await client.send(
    new GetObjectCommand({ Bucket: config.bucket, Key: key, Range: opts.range ? `bytes=${opts.range[0]}-${opts.range[1] - 1}` : undefined }),
    { abortSignal: opts.signal },
  );
  if (!res.Body) throw new Error('the bucket sent an empty answer');
  const body = res.Body as { transformToWebStream?: () => ReadableStream<Uint8Array>; transformToByteArray(): Promise<Uint8Array> };
  if (opts.sink && body.transformToWebStream) return opts.sink(body.transformToWebStream());
  return new Blob([(await body.transformToByteArray()) as Uint8Array<ArrayBuffer>]);
}
