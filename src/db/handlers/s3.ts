import type { HandlerContext } from '../context';
import { DEFAULT_S3_CONFIG, MAX_POLL_SECONDS, MIN_POLL_SECONDS, type S3Api, type S3Config, type S3PollStatus } from '../api';
import { AppError } from '../../domain/errors';
import { countS3Books, deleteS3Books } from '../queries/books';
import { applyS3Writes, s3IndexPage } from '../queries/s3Books';
import { deleteSetting, getSetting, libraryWrite, setSetting } from '../queries/settings';
import { requireAdmin, requireUser } from './guard';

export const S3_SETTING = { config: 's3_config', status: 's3_status' } as const;
const MAX_BATCH = 500;

function parse<T>(json: string | null): T | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as T;
  } catch {
    return null;
  }
}

// Not ::1: a Content-Security-Policy cannot name an IPv6 address, so the page could not reach it.
const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

/**
 * The keys travel with every request: over plain http anyone on the network path could read
 * them, so http is accepted only for a server on this computer.
 */
export function isAllowedEndpoint(endpoint: string): boolean {
  if (!/^https?:\/\/[^\s/]+/i.test(endpoint)) return false;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

/** Only the known, non-secret fields are stored: a config object carrying keys loses them here. */
export function checkS3Config(c: Partial<S3Config> | null | undefined): S3Config {
  if (!c || typeof c !== 'object') throw new AppError('INVALID_INPUT', 'Missing S3 settings.');
  const text = (v: unknown, max: number) => String(v ?? '').trim().slice(0, max);
  const bucket = text(c.bucket, 63);
  if (!bucket) throw new AppError('INVALID_INPUT', 'Enter the bucket name.', { field: 'bucket' });
  const endpoint = text(c.endpoint, 500);
  if (endpoint && !isAllowedEndpoint(endpoint))
    throw new AppError('INVALID_INPUT', 'The endpoint must start with https:// (http:// only for a server on this computer: 127.0.0.1 or localhost).', { field: 'endpoint' });
  const poll = Math.trunc(Number(c.pollSeconds ?? DEFAULT_S3_CONFIG.pollSeconds));
  if (!Number.isFinite(poll) || poll < MIN_POLL_SECONDS || poll > MAX_POLL_SECONDS)
    throw new AppError('INVALID_INPUT', `The poll interval must be between ${MIN_POLL_SECONDS} seconds and ${MAX_POLL_SECONDS / 3600} hours.`, { field: 'pollSeconds' });
  const keep = c.keepOffline === 'off' || c.keepOffline === 'all' ? c.keepOffline : 'opened';
  return {
    endpoint,
    region: text(c.region, 64) || 'auto',
    bucket,
    prefix: text(c.prefix, 1024).replace(/^\/+/, ''),
    forcePathStyle: !!c.forcePathStyle,
    pollSeconds: poll,
    keepOffline: keep,
  };
}

export function s3Handlers(ctx: HandlerContext): S3Api {
  const { db } = ctx;
  const config = async () => parse<S3Config>(await getSetting(db, S3_SETTING.config));

  return {
    async getS3Index(token, after, limit = 2000) {
      await requireUser(ctx, token);
      const n = Math.max(1, Math.min(5000, Math.trunc(Number(limit) || 0)));
      return s3IndexPage(db, typeof after === 'string' ? after : null, n);
    },

    async applyS3Batch(token, writes) {
      await requireUser(ctx, token);
      if (!Array.isArray(writes) || writes.length > MAX_BATCH) throw new AppError('INVALID_INPUT', `A batch holds at most ${MAX_BATCH} writes.`);
      const c = await config();
      if (!c) throw new AppError('NOT_FOUND', 'No S3 bucket is configured.');
      if (!writes.length) return [];
      const { result } = await libraryWrite(db, () => applyS3Writes(db, writes, c.bucket));
      if (result.some((r) => r.status === 'ok')) ctx.changed(['books']);
      return result;
    },

    async saveS3Status(token, status: S3PollStatus) {
      await requireUser(ctx, token);
      const text = (s: unknown) => String(s ?? '').slice(0, 2048);
      const bounded: S3PollStatus = {
        ...status,
        error: status.error === undefined ? undefined : text(status.error),
        failures: (status.failures ?? []).slice(0, 1000).map((f) => ({ key: text(f.key), reason: text(f.reason) })),
        duplicates: (status.duplicates ?? []).slice(0, 1000).map((d) => ({ key: text(d.key), existingPath: text(d.existingPath) })),
      };
      await setSetting(db, S3_SETTING.status, JSON.stringify(bounded));
      ctx.changed(['settings']);
    },

    async getS3Source(token) {
      await requireUser(ctx, token);
      return { config: await config(), status: parse<S3PollStatus>(await getSetting(db, S3_SETTING.status)), bookCount: await countS3Books(db) };
    },

    async getS3Location() {
      return config();
    },

    async setS3Source(token, input) {
      await requireAdmin(ctx, token);
      const next = checkS3Config(input);
      const before = await config();
      await db.transaction(async () => {
        await setSetting(db, S3_SETTING.config, JSON.stringify(next));
        // A different bucket starts afresh: its poll status belongs to the old one.
        if (before && (before.bucket !== next.bucket || before.endpoint !== next.endpoint)) await deleteSetting(db, S3_SETTING.status);
      });
      ctx.changed(['settings']);
    },

    async removeS3Source(token) {
      await requireAdmin(ctx, token);
      const { result } = await libraryWrite(db, async () => {
        const { removed, covers } = await deleteS3Books(db);
        await deleteSetting(db, S3_SETTING.config);
        await deleteSetting(db, S3_SETTING.status);
        // Covers are named by content hash, which is unique to one book: none is shared.
        return { removed, staleCovers: covers };
      });
      ctx.changed(['books', 'settings']);
      return result;
    },
  };
}
