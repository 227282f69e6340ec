import { AppError } from '../domain/errors';

/** Turns an engine error (wa-sqlite SQLiteError or sql.js Error) into an AppError with a code. */
export function fromSqliteError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const message = e instanceof Error ? e.message : String(e);
  // SQLite's extended result codes differ between engines' error objects; the message text
  // ("UNIQUE constraint failed: …", "FOREIGN KEY constraint failed") is the same in both.
  if (/constraint failed/i.test(message)) return new AppError('CONSTRAINT', message, undefined, { cause: e });
  // SQLITE_FULL: OPFS ran out of quota. The statement's transaction is rolled back by SQLite.
  if (/database or disk is full|quota/i.test(message))
    return new AppError('QUOTA_EXCEEDED', 'This browser has run out of storage space for the library. Nothing was half-saved; free some space (Admin → Library) and try again.', undefined, { cause: e });
  return new AppError('SQLITE_ERROR', message, undefined, { cause: e });
}
