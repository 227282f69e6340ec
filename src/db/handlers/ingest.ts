import type { HandlerContext } from '../context';
import { isCoverPath } from '../../domain/coverPath';
import { AppError, isAppError } from '../../domain/errors';
import {
  DEFAULT_SCAN_INTERVAL,
  MAX_REPORT_ROWS,
  MAX_SCAN_INTERVAL,
  MIN_SCAN_INTERVAL,
  type IngestApi,
  type LocalMode,
  type ScanReport,
} from '../api';
import { countBooks, countPendingCovers, countS3Books, coversInUse, pendingCovers, setDrawnCover } from '../queries/books';
import { applyScanWrites, applyScanWritesOneByOne, scanIndexPage } from '../queries/scan';
import { indexBooks } from '../queries/searchIndex';
import { deleteSetting, getSetting, libraryWrite, setSetting } from '../queries/settings';
import { requireAdmin, requireUser } from './guard';

export const SETTING = {
  mode: 'local_mode',
  folderName: 'local_folder_name',
  interval: 'scan_interval',
  lastScan: 'last_scan',
} as const;

/** Every call holds the cross-tab lock: a batch stays small enough not to starve other tabs. */
const MAX_BATCH = 500;
const MAX_INDEX_PAGE = 5000;

function parseReport(json: string | null): ScanReport | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as ScanReport;
  } catch {
    return null;
  }
}

function boundedReport(r: ScanReport): ScanReport {
  if (!r || typeof r !== 'object' || !Array.isArray(r.failures) || !Array.isArray(r.duplicates))
    throw new AppError('INVALID_INPUT', 'Invalid scan report.');
  const text = (s: unknown) => String(s ?? '').slice(0, 4096);
  return {
    ...r,
    error: r.error === undefined ? undefined : text(r.error),
    listedFrom: r.listedFrom === 'walk' || r.listedFrom === 'changes' || r.listedFrom === 'quick' ? r.listedFrom : undefined,
    statted: Number.isSafeInteger(r.statted) && r.statted! >= 0 ? r.statted : undefined,
    failures: r.failures.slice(0, MAX_REPORT_ROWS).map((f) => ({ path: text(f.path), reason: text(f.reason), size: Number(f.size), mtime: Number(f.mtime) })),
    duplicates: r.duplicates.slice(0, MAX_REPORT_ROWS).map((d) => ({ path: text(d.path), existingPath: text(d.existingPath) })),
  };
}

export function ingestHandlers(ctx: HandlerContext): IngestApi {
  const { db } = ctx;
  return {
    async getScanIndex(token, after, limit = 2000) {
      await requireUser(ctx, token);
      const n = Math.max(1, Math.min(MAX_INDEX_PAGE, Math.trunc(Number(limit) || 0)));
      return scanIndexPage(db, typeof after === 'string' ? after : null, n);
    },

    async applyScanBatch(token, writes) {
      await requireUser(ctx, token);
      if (!Array.isArray(writes) || writes.length > MAX_BATCH) throw new AppError('INVALID_INPUT', `A scan batch holds at most ${MAX_BATCH} writes.`);
      if (!writes.length) return [];
      // New and changed books are indexed for search in the same transaction, so a search
      // never waits for (or misses) what the scan just added.
      const write = (apply: typeof applyScanWrites) =>
        libraryWrite(db, async () => {
          const results = await apply(db, writes);
          const ids = results.flatMap((r, i) => (r.status === 'ok' && (writes[i]!.kind === 'insert' || writes[i]!.kind === 'update') ? [r.id] : []));
          await indexBooks(db, ids);
          return results;
        });
      let result;
      try {
        ({ result } = await write(applyScanWrites));
      } catch (e) {
        // Out of space: SQLite rolled the batch back, and one write at a time would not fit either.
        if (isAppError(e, 'INVALID_INPUT') || isAppError(e, 'QUOTA_EXCEEDED')) throw e;
        // Something no check foresaw (a constraint, a trigger): the batch rolled back whole;
        // do it again write by write so that only the culprit fails.
        ({ result } = await write(applyScanWritesOneByOne));
      }
      if (result.some((r) => r.status === 'ok')) ctx.changed(['books']);
      return result;
    },

    async coversInUse(token, coverPaths) {
      await requireUser(ctx, token);
      if (!Array.isArray(coverPaths) || coverPaths.length > MAX_BATCH) throw new AppError('INVALID_INPUT', `At most ${MAX_BATCH} covers at a time.`);
      return coversInUse(db, coverPaths.map(String));
    },

    async saveScanReport(token, report) {
      await requireUser(ctx, token);
      await setSetting(db, SETTING.lastScan, JSON.stringify(boundedReport(report)));
      ctx.changed(['settings']);
    },

    async getPendingCovers(token, after, limit = 100) {
      await requireUser(ctx, token);
      const n = Math.max(1, Math.min(MAX_INDEX_PAGE, Math.trunc(Number(limit) || 0)));
      const books = await pendingCovers(db, typeof after === 'string' ? after : null, n);
      return { books, next: books.length === n ? books[books.length - 1]!.path : null };
    },

    async saveDrawnCovers(token, covers) {
      await requireUser(ctx, token);
      if (!Array.isArray(covers) || covers.length > MAX_BATCH) throw new AppError('INVALID_INPUT', `At most ${MAX_BATCH} covers at a time.`);
      for (const c of covers) {
        if (!c || typeof c.id !== 'string' || typeof c.hash !== 'string' || (c.coverPath !== null && !isCoverPath(c.coverPath)))
          throw new AppError('INVALID_INPUT', 'Invalid cover.');
      }
      if (!covers.length) return [];
      const { result } = await libraryWrite(db, async () => {
        const applied: boolean[] = [];
        for (const c of covers) applied.push(await setDrawnCover(db, c.id, c.hash, c.coverPath));
        return applied;
      });
      if (result.some(Boolean)) ctx.changed(['books']);
      return result;
    },

    async getLocalSource(token) {
      await requireUser(ctx, token);
      const mode = await getSetting(db, SETTING.mode);
      const interval = Number(await getSetting(db, SETTING.interval));
      // All books less the S3 ones: the total is a count the boot screen has just made (its pages
      // are cached), the S3 part a range of books_source_path_idx; counting 'local' directly
      // would walk that whole index, a second cold read of 100,000 entries on every page load.
      const bookCount = (await countBooks(db)) - (await countS3Books(db));
      return {
        mode: mode === 'folder' || mode === 'import' ? mode : null,
        folderName: await getSetting(db, SETTING.folderName),
        scanIntervalSeconds: Number.isFinite(interval) && interval >= MIN_SCAN_INTERVAL ? interval : DEFAULT_SCAN_INTERVAL,
        lastScan: parseReport(await getSetting(db, SETTING.lastScan)),
        bookCount,
        coversPending: await countPendingCovers(db),
      };
    },

    async setLocalSource(token, source) {
      await requireAdmin(ctx, token);
      if (source === null) {
        await db.transaction(async () => {
          await deleteSetting(db, SETTING.mode);
          await deleteSetting(db, SETTING.folderName);
        });
      } else {
        const mode: LocalMode = source.mode;
        if (mode !== 'folder' && mode !== 'import') throw new AppError('INVALID_INPUT', 'Unknown source.');
        const name = typeof source.folderName === 'string' ? source.folderName.slice(0, 255) : null;
        await db.transaction(async () => {
          await setSetting(db, SETTING.mode, mode);
          if (name) await setSetting(db, SETTING.folderName, name);
          else await deleteSetting(db, SETTING.folderName);
        });
      }
      ctx.changed(['settings']);
    },

    async setScanInterval(token, seconds) {
      await requireAdmin(ctx, token);
      const s = Math.trunc(Number(seconds));
      if (!Number.isFinite(s) || s < MIN_SCAN_INTERVAL || s > MAX_SCAN_INTERVAL)
        throw new AppError('INVALID_INPUT', `Choose between ${MIN_SCAN_INTERVAL} seconds and ${MAX_SCAN_INTERVAL / 3600} hours.`);
      await setSetting(db, SETTING.interval, String(s));
      ctx.changed(['settings']);
    },
  };
}
