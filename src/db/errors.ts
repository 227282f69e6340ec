import { AppError, outOfSpace } from '../domain/errors';

const SQLITE_FULL = 13;

/** Turns an engine error (wa-sqlite SQLiteError or sql.js Error) into an AppError with a code. */
export function fromSqliteError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const message = e instanceof Error ? e.message : String(e);
  // SQLite's extended result codes differ between engines' error objects; the message text
  // ("UNIQUE constraint failed: …", "FOREIGN KEY constraint failed") is the same in both.
  if (/constraint failed/i.test(message)) return new AppError('CONSTRAINT', message, undefined, { cause: e });
  // SQLITE_FULL: OPFS ran out of quota (src/db/open.ts turns the VFS's failed writes into it).
  // SQLite rolls the statement's transaction back; the worker call fails whole.
  const code = (e as { code?: unknown } | null)?.code;
  if ((typeof code === 'number' && (code & 0xff) === SQLITE_FULL) || /database or disk is full|quota/i.test(message)) return outOfSpace(e);
  return new AppError('SQLITE_ERROR', message, undefined, { cause: e });
}
