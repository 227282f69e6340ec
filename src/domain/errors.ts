/**
 * Typed errors with a stable code. They cross the worker boundary as {name, code, message}
 * and are rebuilt on the other side (see src/lib/comlinkErrors.ts), so the UI can branch on
 * `code` rather than on message text.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED' // no session, or it expired
  | 'PASSWORD_CHANGE_REQUIRED' // the session may only change its password
  | 'FORBIDDEN' // signed in, but not allowed
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'CONFLICT' // a uniqueness rule (email taken, same file twice…)
  | 'RATE_LIMITED' // too many failed sign-ins: wait
  | 'LAST_ADMIN'
  | 'DB_OPEN_FAILED'
  | 'OPFS_UNAVAILABLE'
  | 'SQLITE_ERROR'
  | 'CONSTRAINT'
  | 'QUOTA_EXCEEDED'
  | 'NOT_AN_ALEX_DATABASE'
  | 'SCHEMA_TOO_NEW'
  | 'SYNC_NOT_SET_UP' // the bucket has no synced library (no sync/keyinfo.json) to join
  | 'SYNC_ALREADY_SET_UP' // asked to create one where one exists: join it instead
  | 'SYNC_WRONG_PASSPHRASE' // the key check did not open: nothing was written
  | 'SYNC_CORRUPT' // an object in sync/ failed authentication or has the wrong shape
  | 'CODE_NOT_LOADED' // a part of Alex's own code could not be fetched (offline before it was saved, or renamed by a newer deployment)
  | 'SYNC_PRUNED' // log entries after this device's cursor were pruned: it re-reads the newest snapshot (handled inside the engine)
  | 'INTERNAL';

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra plain data the UI may show (e.g. seconds to wait). Must be structured-cloneable. */
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface WireError {
  name: string;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * What a user reads when the browser has no room left for the library: SQLite's SQLITE_FULL
 * (the OPFS quota), or a QuotaExceededError from OPFS, IndexedDB or the Cache API.
 */
export const OUT_OF_SPACE_LEAD = 'Not enough storage space: this browser has no room left for the library on this device';
export const OUT_OF_SPACE_MESSAGE = `${OUT_OF_SPACE_LEAD}. Free up some space, then try again.`;

export function outOfSpace(cause?: unknown): AppError {
  return new AppError('QUOTA_EXCEEDED', OUT_OF_SPACE_MESSAGE, undefined, { cause });
}

/** True for QUOTA_EXCEEDED and for the browser's own QuotaExceededError (a DOMException). */
export function isOutOfSpace(e: unknown): boolean {
  return isAppError(e, 'QUOTA_EXCEEDED') || (e as { name?: unknown } | null)?.name === 'QuotaExceededError';
}

export function toWire(e: unknown): WireError {
  if (e instanceof AppError) return { name: e.name, code: e.code, message: e.message, details: e.details };
  // A DOMException's `code` is a legacy number: out of space keeps its meaning as QUOTA_EXCEEDED.
  if (isOutOfSpace(e)) return { name: 'AppError', code: 'QUOTA_EXCEEDED', message: OUT_OF_SPACE_MESSAGE };
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { name: e.name, code: typeof code === 'string' ? (code as ErrorCode) : 'INTERNAL', message: e.message };
  }
  return { name: 'Error', code: 'INTERNAL', message: String(e) };
}

export function fromWire(w: WireError): AppError {
  return new AppError(w.code, w.message, w.details);
}

export function isAppError(e: unknown, code?: ErrorCode): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}
