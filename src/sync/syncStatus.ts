/**
 * What Admin → Library and the status line say about sync: when it last worked, or the one
 * reason it cannot, in words a person can act on. Pure, so the loop and its tests share it.
 */
import { AppError, isOutOfSpace } from '../domain/errors';

export type SyncProblem = 'offline' | 'unreachable' | 'keys' | 'passphrase' | 'not-set-up' | 'corrupt' | 'quota' | 'bucket-full' | 'busy' | 'other';

export interface SyncStatus {
  state: 'off' | 'paused' | 'syncing' | 'ok' | 'failing' | 'other-tab';
  /** Unix ms of the last round that finished. */
  lastSyncedAt: number | null;
  problem: SyncProblem | null;
  /** The problem in words (null when there is none). */
  message: string | null;
  /** Local changes waiting to be sent. */
  pending: number;
}

const MESSAGES: Record<SyncProblem, string> = {
  offline: 'This device is offline. Changes are kept and sent when it reconnects.',
  unreachable:
    'The bucket could not be reached: the network is down, or the bucket’s CORS rule does not allow this site (sync needs GET, PUT and HEAD, and the If-None-Match header).',
  keys: 'The bucket refused the keys: check them in the S3 panel on Admin → Library.',
  passphrase: 'The sync passphrase no longer opens this library (was it changed on another device?). Enter it again.',
  'not-set-up': 'The bucket no longer holds this synced library.',
  corrupt: 'An object in the bucket’s sync folder was damaged or altered, so sync stopped. Nothing was applied from it.',
  quota: 'This device has no room left for the library, so sync is waiting. Free up some space.',
  'bucket-full': 'The bucket is full (its quota is reached), so this device’s changes cannot be sent yet.',
  busy: 'Other devices kept writing at the same moment; sync tries again shortly.',
  other: 'Sync failed',
};

export function describeSyncError(e: unknown, online = true): { problem: SyncProblem; message: string } {
  const problem = classify(e, online);
  const message = problem === 'other' ? `${MESSAGES.other}: ${e instanceof Error ? e.message : String(e)}` : MESSAGES[problem];
  return { problem, message };
}

function classify(e: unknown, online: boolean): SyncProblem {
  if (!online) return 'offline';
  if (isOutOfSpace(e)) return 'quota';
  if (e instanceof AppError) {
    if (e.code === 'SYNC_WRONG_PASSPHRASE') return 'passphrase';
    if (e.code === 'SYNC_NOT_SET_UP') return 'not-set-up';
    if (e.code === 'SYNC_CORRUPT') return 'corrupt';
    if (e.code === 'CONFLICT') return 'busy';
    return 'other';
  }
  const name = (e as { name?: string } | null)?.name ?? '';
  const code = (e as { code?: string } | null)?.code ?? '';
  const status = (e as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  if (['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'InvalidToken', 'ExpiredToken'].includes(name) || status === 403)
    return /quota/i.test(name) ? 'bucket-full' : 'keys';
  if (/quota|EntityTooLarge|InsufficientStorage/i.test(name) || status === 507) return 'bucket-full';
  // A browser cannot tell a refused CORS preflight from a server that is down: both are a
  // TypeError with no response. Node says ECONNREFUSED.
  if (status === undefined && (e instanceof TypeError || /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET/.test(code + name))) return 'unreachable';
  return 'other';
}

const rtf = () => new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "Synced just now", "Synced 2 minutes ago", "Synced yesterday". */
export function syncedAgo(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 45) return 'Synced just now';
  const m = Math.round(s / 60);
  if (m < 60) return `Synced ${rtf().format(-m, 'minute')}`;
  const h = Math.round(m / 60);
  if (h < 24) return `Synced ${rtf().format(-h, 'hour')}`;
  return `Synced ${rtf().format(-Math.round(h / 24), 'day')}`;
}

/** The one line the status shows. */
export function statusLine(s: SyncStatus, now: number): string {
  if (s.state === 'off') return 'Sync is off.';
  if (s.state === 'paused') return 'Sync is paused.';
  if (s.state === 'other-tab') return 'Syncing in another tab of this browser.';
  if (s.state === 'syncing') return 'Syncing…';
  if (s.message) return s.message;
  return s.lastSyncedAt == null ? 'Not synced yet.' : syncedAgo(s.lastSyncedAt, now);
}
