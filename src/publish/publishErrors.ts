import { AppError } from '../domain/errors';
import type { S3Config } from '../db/api';
import { endpointUrl, serverReachable } from '../s3/testConnection';

/** Why publishing failed, in words the owner can act on; details.reason names the case for the UI. */
export async function describePublishError(e: unknown, config: S3Config, signal?: AbortSignal): Promise<AppError> {
  if (e instanceof AppError) return e;
  const name = (e as { name?: string; Code?: string })?.Code ?? (e as { name?: string })?.name ?? '';
  const status = (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (signal?.aborted || name === 'AbortError')
    return new AppError('INVALID_INPUT', 'Publishing was cancelled. Nothing was published, and what was written is removed.', { reason: 'cancelled' });
  if (['QuotaExceeded', 'EntityTooLarge', 'InsufficientStorage', 'XMinioStorageFull', 'QuotaExceededError'].includes(name) || status === 507)
    return new AppError('QUOTA_EXCEEDED', 'The bucket is full or refused a file this large. Nothing was published; free space in the bucket and try again.', { reason: 'quota' });
  if (name === 'AccessDenied' || status === 403)
    return new AppError('FORBIDDEN', 'The bucket refused to store the copy: its keys need s3:PutObject, s3:GetObject, s3:DeleteObject and s3:ListBucket. Nothing was published.', { reason: 'forbidden' });
  if (status === undefined && e instanceof TypeError) {
    const url = endpointUrl(config);
    if (await serverReachable(url))
      return new AppError('FORBIDDEN', `The bucket's CORS rule does not let this app (${location.origin}) write: it must allow PUT and DELETE. Paste the rule below, then publish again. Nothing was published.`, { reason: 'cors' });
    return new AppError('INTERNAL', `Could not reach ${url}: the network dropped. Nothing was published; try again.`, { reason: 'network' });
  }
  return new AppError('INTERNAL', `The bucket answered with an error (${name || status}): ${e instanceof Error ? e.message : String(e)}. Nothing was published.`, { reason: 'other' });
}

export type AccessCheck =
  | { ok: true }
  | { ok: false; reason: 'cors' | 'not-public' | 'expired' | 'network' | 'gone'; message: string };

/**
 * Fetches the manifest the way a visitor's browser will — no keys, a Range header, from this
 * origin — and says what stops it, if anything.
 */
export async function checkVisitorAccess(manifestUrl: string, config: S3Config, mode: 'public' | 'presigned'): Promise<AccessCheck> {
  let res: Response;
  try {
    res = await fetch(manifestUrl, { headers: { Range: 'bytes=0-0' }, cache: 'no-store', credentials: 'omit' });
  } catch {
    if (await serverReachable(manifestUrl))
      return { ok: false, reason: 'cors', message: `Visitors' browsers are refused (CORS): the bucket's CORS rule must allow GET and HEAD, with the Range header, from ${location.origin}. Paste the rule below.` };
    return { ok: false, reason: 'network', message: `Could not reach ${new URL(manifestUrl).origin} to check the copy.` };
  }
  if (res.ok) return { ok: true };
  if (res.status === 403 && mode === 'public')
    return { ok: false, reason: 'not-public', message: 'The bucket does not allow public reading of the published folder: visitors get "Access denied". Add the bucket policy below (or choose links that expire).' };
  if (res.status === 403) return { ok: false, reason: 'expired', message: 'The presigned links were refused: they have expired or the keys changed. Make a new link.' };
  return { ok: false, reason: 'gone', message: `The copy is not in the bucket (HTTP ${res.status}). Publish again.` };
}
