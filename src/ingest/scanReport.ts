/** The report a scan builds as it goes: counts, and the first MAX_REPORT_ROWS failures and duplicates. */
import { MAX_REPORT_ROWS, type FileStat, type ScanReport, type ScanWrite } from '../db/api';
import { OUT_OF_SPACE_LEAD } from '../domain/errors';

/** Out of space, the report says what happens to the books it could not add. */
export const NO_SPACE: Record<ScanReport['kind'], string> = {
  scan: `${OUT_OF_SPACE_LEAD}. Free up some space; the next scan adds the books still missing.`,
  import: `${OUT_OF_SPACE_LEAD}. Free up some space, then import the folder again: only the books still missing are added.`,
  disconnect: `${OUT_OF_SPACE_LEAD}, not even to remove books from it. Free up some space, then try again.`,
};

/** A report with nothing done yet; `startedMs` is when the scan began (ms). */
export function emptyReport(kind: ScanReport['kind'], startedMs: number): ScanReport {
  return {
    kind, outcome: 'done', startedAt: Math.floor(startedMs / 1000), durationMs: 0, listed: 0, unchanged: 0, added: 0, updated: 0,
    moved: 0, removed: 0, failures: [], failureCount: 0, duplicates: [], duplicateCount: 0,
  };
}

export function addFailure(report: ScanReport, f: FileStat, reason: string): void {
  report.failureCount++;
  if (report.failures.length < MAX_REPORT_ROWS) report.failures.push({ path: f.path, reason, size: f.size, mtime: f.mtime });
}

export function addDuplicate(report: ScanReport, path: string, existingPath: string): void {
  report.duplicateCount++;
  if (report.duplicates.length < MAX_REPORT_ROWS) report.duplicates.push({ path, existingPath });
}

/** Counts a write the database applied. */
export function countApplied(report: ScanReport, write: ScanWrite): void {
  if (write.kind === 'insert') report.added++;
  else if (write.kind === 'update') report.updated++;
  else if (write.kind === 'move') report.moved++;
  else if (write.kind === 'delete') report.removed++;
  else report.unchanged++;
}
