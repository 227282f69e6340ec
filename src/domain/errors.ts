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

export function toWire(e: unknown): WireError {
  if (e instanceof AppError) return { name: e.name, code: e.code, message: e.message, details: e.details };
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
