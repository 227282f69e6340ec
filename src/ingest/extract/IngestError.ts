import { AppError } from '../../domain/errors';

/**
 * Why one file could not be added. Stable codes for code and tests; the scan report shows
 * the plain message (INGEST_MESSAGES). Add new codes at the end.
 */
export type IngestReason =
  | 'empty-file'
  | 'unknown-format' // neither PDF nor EPUB bytes, and no telling extension
  | 'not-a-pdf' // named .pdf, is not one
  | 'not-an-epub' // named .epub, is not a zip archive
  | 'truncated-pdf'
  | 'damaged-pdf'
  | 'encrypted-pdf'
  | 'damaged-archive' // a zip whose directory or data is corrupt, or uses an unsupported method
  | 'no-package-document'
  | 'bad-package-document' // the OPF exists but is not XML we can read
  | 'archive-too-large' // zip bomb: an entry or the whole archive unpacks to too much
  | 'too-many-entries'
  | 'too-large-xml'
  | 'too-deep-xml'
  | 'unreadable'; // the file could not be read (removed or changed while reading)

export const INGEST_MESSAGES: Record<IngestReason, string> = {
  'empty-file': 'empty file',
  'unknown-format': 'not a PDF or EPUB file',
  'not-a-pdf': 'not a PDF',
  'not-an-epub': 'not an EPUB (not a zip archive)',
  'truncated-pdf': 'PDF is truncated (the file is incomplete)',
  'damaged-pdf': 'PDF is damaged and cannot be read',
  'encrypted-pdf': 'encrypted PDF (needs a password)',
  'damaged-archive': 'EPUB archive is damaged',
  'no-package-document': 'EPUB has no package document',
  'bad-package-document': 'EPUB package document is not readable XML',
  'archive-too-large': 'archive too large when unpacked',
  'too-many-entries': 'archive has too many files',
  'too-large-xml': 'EPUB metadata is too large',
  'too-deep-xml': 'EPUB metadata is nested too deeply',
  unreadable: 'file could not be read (moved or changed while scanning?)',
};

/**
 * A file Alex cannot add, with a plain reason. Extends AppError (code INVALID_INPUT,
 * details.reason) so the reason survives comlink via src/lib/comlinkErrors.ts, where the
 * class itself is rebuilt as a plain AppError: use ingestReasonOf() on the far side.
 */
export class IngestError extends AppError {
  override name = 'IngestError';
  readonly reason: IngestReason;
  constructor(reason: IngestReason, options?: { cause?: unknown; detail?: string }) {
    super('INVALID_INPUT', INGEST_MESSAGES[reason], { reason, ...(options?.detail ? { detail: options.detail } : {}) }, options);
    this.reason = reason;
  }
}

/** The ingest reason of an error, on either side of a worker boundary; null if it is not one. */
export function ingestReasonOf(e: unknown): IngestReason | null {
  if (e instanceof IngestError) return e.reason;
  if (e instanceof AppError && e.code === 'INVALID_INPUT') {
    const r = e.details?.reason;
    if (typeof r === 'string' && r in INGEST_MESSAGES) return r as IngestReason;
  }
  return null;
}

/** True for a cancelled operation (AbortSignal), which is not a failure of the file. */
export function isAbort(e: unknown): boolean {
  return (e as { name?: unknown } | null)?.name === 'AbortError';
}
