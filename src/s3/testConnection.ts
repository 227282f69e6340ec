import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { makeS3Client } from './client';
import type { S3Config } from '../db/api';
import { isBookKey, type S3Credentials } from './types';

export type ConnectionResult =
  | { ok: true; objects: number; books: number; truncated: boolean }
  | { ok: false; kind: 'bad-keys' | 'no-bucket' | 'forbidden' | 'cors' | 'network' | 'offline' | 'invalid' | 'other'; message: string };

/** The endpoint the browser will call, for messages and for the CORS probe. */
export function endpointUrl(config: S3Config): string {
  if (config.endpoint.trim()) return config.endpoint.trim().replace(/\/+$/, '');
  const region = !config.region || config.region === 'auto' ? 'us-east-1' : config.region;
  return `https://s3.${region}.amazonaws.com`;
}

/**
 * A request the browser refused before any answer (a CORS failure) looks exactly like a network
 * failure from script. An opaque `no-cors` request to the same endpoint tells them apart: if
 * the server answers that, the network is fine and it is the CORS rule that is missing.
 */
export async function serverReachable(url: string): Promise<boolean> {
  try {
    await fetch(url, { mode: 'no-cors', cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}

function errorName(e: unknown): string {
  return (e as { name?: string; Code?: string })?.Code ?? (e as { name?: string })?.name ?? '';
}

/** Lists one page and says plainly what happened. */
export async function testConnection(config: S3Config, creds: S3Credentials): Promise<ConnectionResult> {
  if (!config.bucket.trim()) return { ok: false, kind: 'invalid', message: 'Enter the bucket name.' };
  if (!creds.accessKeyId.trim() || !creds.secretAccessKey) return { ok: false, kind: 'invalid', message: 'Enter the access key id and the secret access key.' };
  if (config.endpoint.trim() && !/^https?:\/\/[^/\s]+/i.test(config.endpoint.trim()))
    return { ok: false, kind: 'invalid', message: 'The endpoint must be a URL such as https://example.r2.cloudflarestorage.com.' };
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return { ok: false, kind: 'offline', message: 'This device is offline. Connect to a network and try again.' };
  const client = await makeS3Client(config, creds);
  try {
    const page = await client.send(new ListObjectsV2Command({ Bucket: config.bucket.trim(), Prefix: config.prefix || undefined, MaxKeys: 1000 }));
    const keys = (page.Contents ?? []).map((o) => o.Key ?? '');
    return { ok: true, objects: keys.length, books: keys.filter(isBookKey).length, truncated: !!page.IsTruncated };
  } catch (e) {
    const name = errorName(e);
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidToken', 'AuthorizationHeaderMalformed'].includes(name))
      return { ok: false, kind: 'bad-keys', message: 'The bucket refused these keys: check the access key id and the secret access key.' };
    if (name === 'NoSuchBucket') return { ok: false, kind: 'no-bucket', message: `There is no bucket named "${config.bucket}" at this endpoint.` };
    if (name === 'AccessDenied' || status === 403)
      return { ok: false, kind: 'forbidden', message: 'The keys are valid but may not list this bucket: allow s3:ListBucket and s3:GetObject for them.' };
    if (status === undefined) {
      const url = endpointUrl(config);
      if (await serverReachable(url))
        return {
          ok: false,
          kind: 'cors',
          message: `The browser refused the answer from ${url}: the bucket has no CORS rule for this app's origin (${location.origin}). Add the rule below, then test again.`,
        };
      return { ok: false, kind: 'network', message: `Could not reach ${url}. Check the endpoint and the network.` };
    }
    return { ok: false, kind: 'other', message: `The bucket answered with an error (${name || status}): ${(e as Error).message}` };
  } finally {
    client.destroy();
  }
}
