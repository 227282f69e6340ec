import { DeleteObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '../db/api';
import { endpointUrl } from '../s3/testConnection';

/** The address a visitor's browser GETs for `key`: the public base when given, else the S3 endpoint. */
export function objectUrl(config: S3Config, key: string, publicBase?: string | null): string {
  const path = key.split('/').map(encodeURIComponent).join('/');
  if (publicBase?.trim()) return `${publicBase.trim().replace(/\/+$/, '')}/${path}`;
  const base = new URL(endpointUrl(config));
  if (config.forcePathStyle) return `${base.origin}/${encodeURIComponent(config.bucket)}/${path}`;
  return `${base.protocol}//${config.bucket}.${base.host}/${path}`;
}

/** Every key under `prefix` (all pages). */
export async function listKeys(client: S3Client, bucket: string, prefix: string, signal?: AbortSignal): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }), { abortSignal: signal });
    for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/**
 * Deletes keys one request each, four at a time. DeleteObjects would be one request, but it
 * needs a checksum header that the bucket's CORS rule would then also have to allow.
 */
export async function deleteKeys(client: S3Client, bucket: string, keys: string[]): Promise<void> {
  const queue = [...keys];
  const worker = async () => {
    for (let k = queue.shift(); k !== undefined; k = queue.shift()) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: k }));
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

/**
 * Removes a whole publication. The manifest goes first, so the link is dead at once even if the
 * rest is interrupted; a rerun finishes the job.
 */
export async function deletePublication(client: S3Client, bucket: string, prefix: string): Promise<void> {
  if (!prefix.endsWith('/') || !prefix.includes('.published/')) throw new Error(`Refusing to delete outside a publication: ${prefix}`);
  const keys = await listKeys(client, bucket, prefix);
  const manifest = keys.filter((k) => k === `${prefix}manifest.json`);
  await deleteKeys(client, bucket, manifest);
  await deleteKeys(client, bucket, keys.filter((k) => !manifest.includes(k)));
}
