import type { HandlerContext } from '../context';
import { AppError } from '../../domain/errors';
import type { User } from '../../domain/types';
import { findSession, touchSession, type SessionRow } from '../queries/sessions';
import { getUserById, publicUser } from '../queries/users';
import { getBook } from '../queries/books';
import type { Db } from '../Db';

export interface Caller {
  user: User;
  session: SessionRow;
}

/**
 * Checks the token of a call. A session that must change its password may do nothing else:
 * pass `allowPendingPasswordChange` only from the calls that let it do that.
 */
export async function requireUser(
  ctx: HandlerContext,
  token: string | null | undefined,
  opts: { allowPendingPasswordChange?: boolean } = {},
): Promise<Caller> {
  if (typeof token !== 'string' || !token) throw new AppError('UNAUTHENTICATED', 'Please sign in.');
  const now = ctx.now();
  const session = await findSession(ctx.db, token, now);
  const user = session && (await getUserById(ctx.db, session.user_id));
  if (!session || !user) throw new AppError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');
  if (session.must_change_password && !opts.allowPendingPasswordChange)
    throw new AppError('PASSWORD_CHANGE_REQUIRED', 'Choose a new password before going on.');
  // Out of space, this write would fail, and SQLite would roll back the whole call with it: a
  // reader could no longer even list the books. The expiry can wait for the next call.
  if (ctx.afterCall) ctx.afterCall(() => touchSession(ctx.db, session, now));
  else await touchSession(ctx.db, session, now);
  return { user: publicUser(user), session };
}

/**
 * An id or token from a call must be a plain string: over comlink a caller can pass a number or
 * an array, and `1 !== '1'` passes an identity check in JS while SQLite's text affinity still
 * matches the row (an admin deleting their own account as the number 1).
 */
export function plainString(value: unknown, what = 'id'): string {
  if (typeof value !== 'string' || !value) throw new AppError('INVALID_INPUT', `A valid ${what} is required.`);
  return value;
}

export async function requireAdmin(ctx: HandlerContext, token: string | null | undefined): Promise<Caller> {
  const caller = await requireUser(ctx, token);
  if (caller.user.role !== 'admin') throw new AppError('FORBIDDEN', 'Only an administrator can do this.');
  return caller;
}

/** The book with this id, or NOT_FOUND with a message a reader can act on. */
export async function requireBook(db: Db, bookId: unknown) {
  const b = await getBook(db, String(bookId));
  if (!b) throw new AppError('NOT_FOUND', 'This book is no longer in the library.');
  return b;
}
