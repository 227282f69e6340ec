import type { AuthApi, SessionInfo } from '../api';
import type { HandlerContext } from '../context';
import { AppError } from '../../domain/errors';
import { DEFAULT_ADMIN } from '../../domain/types';
import { hashPassword, verifyPassword } from '../../domain/passwords';
import { signInSecondsLeft } from '../../domain/signInDelay';
import { validateDisplayName, validatePassword } from '../../domain/validation';
import { getUserByEmail, getUserById, normaliseEmail, publicUser, updateUser } from '../queries/users';
import {
  clearMustChangePassword,
  deleteExpiredSessions,
  deleteSessionByToken,
  deleteSessionsOfUser,
  findSession,
  insertSession,
  newToken,
  type SessionRow,
} from '../queries/sessions';
import { clearSignInFailures, forgetSignInFailures, getSignInFailures, recordSignInFailure } from '../queries/signInAttempts';
import { requireUser } from './guard';

// Compared against when the email is unknown, so a wrong email costs the same time as a wrong
// password and the answer does not tell which was wrong. (bcrypt, cost 10, of a random string
// nobody kept: no password matches it.)
const DUMMY_HASH = '$2b$10$fkvHkLK3r6Yoanz4InJzJuEhhDqrEg9857KnuCRZ3peXtj50T3zva';

// A day without failures forgets an email's count, so the table does not keep every typo forever.
const FORGET_FAILURES_AFTER = 24 * 3600;

const WRONG = 'Wrong email or password.';

function sessionInfo(user: SessionInfo['user'], s: SessionRow): SessionInfo {
  return { user, mustChangePassword: !!s.must_change_password, persistent: !!s.persistent, expiresAt: Number(s.expires_at) };
}

export function authHandlers(ctx: HandlerContext): AuthApi {
  const { db } = ctx;

  /** Counts a failure; returns the seconds the next attempt must wait (0 = may try at once). */
  async function recordFailure(email: string): Promise<number> {
    const now = ctx.now();
    return signInSecondsLeft(await recordSignInFailure(db, email, now), now, now);
  }

  return {
    async signIn(emailInput, password, staySignedIn) {
      // Plain strings only: ['admin123'] would pass bcrypt as "admin123" but not the default-password check below.
      const email = normaliseEmail(typeof emailInput === 'string' ? emailInput : '');
      password = typeof password === 'string' ? password : '';
      const now = ctx.now();
      await forgetSignInFailures(db, now - FORGET_FAILURES_AFTER);
      await deleteExpiredSessions(db, now);
      const attempts = await getSignInFailures(db, email);
      if (attempts) {
        const wait = signInSecondsLeft(attempts.failures, attempts.lastFailedAt, now);
        if (wait > 0)
          throw new AppError('RATE_LIMITED', `Too many failed attempts. Try again in ${wait} seconds.`, { retryAfter: wait });
      }
      const user = email ? await getUserByEmail(db, email) : undefined;
      const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok) {
        // The wait starts with this failure: say so now rather than on the next attempt.
        const wait = await recordFailure(email);
        throw new AppError('UNAUTHENTICATED', WRONG, wait > 0 ? { retryAfter: wait } : undefined);
      }
      await clearSignInFailures(db, email);
      const token = newToken();
      const mustChangePassword = user.id === DEFAULT_ADMIN.id && password === DEFAULT_ADMIN.password;
      const row = await insertSession(db, token, { userId: user.id, now, persistent: !!staySignedIn, mustChangePassword });
      return { token, ...sessionInfo(publicUser(user), row) };
    },

    async signOut(token) {
      if (typeof token === 'string' && token) await deleteSessionByToken(db, token);
    },

    async whoAmI(token) {
      if (typeof token !== 'string' || !token) return null;
      const session = await findSession(db, token, ctx.now());
      const user = session && (await getUserById(db, session.user_id));
      return session && user ? sessionInfo(publicUser(user), session) : null;
    },

    async changeOwnPassword(token, oldPassword, newPassword) {
      const { user, session } = await requireUser(ctx, token, { allowPendingPasswordChange: true });
      const full = (await getUserById(db, user.id))!;
      if (typeof oldPassword !== 'string' || typeof newPassword !== 'string')
        throw new AppError('INVALID_INPUT', 'Enter the current and the new password.', { field: 'newPassword' });
      if (!(await verifyPassword(oldPassword, full.passwordHash)))
        throw new AppError('INVALID_INPUT', 'The current password is wrong.', { field: 'oldPassword' });
      validatePassword(newPassword, 'newPassword');
      if (newPassword === oldPassword)
        throw new AppError('INVALID_INPUT', 'The new password must differ from the current one.', { field: 'newPassword' });
      if (user.id === DEFAULT_ADMIN.id && newPassword === DEFAULT_ADMIN.password)
        throw new AppError('INVALID_INPUT', 'Choose a password other than the default one.', { field: 'newPassword' });
      const passwordHash = await hashPassword(newPassword);
      await db.transaction(async () => {
        await updateUser(db, user.id, { passwordHash });
        await clearMustChangePassword(db, session.id);
        // Other browsers signed in with the old password are signed out.
        await deleteSessionsOfUser(db, user.id, session.id);
      });
    },

    async updateOwnProfile(token, patch) {
      const { user } = await requireUser(ctx, token);
      const displayName = validateDisplayName(String(patch?.displayName ?? ''));
      await updateUser(db, user.id, { displayName });
      ctx.changed(['users']);
      return publicUser((await getUserById(db, user.id))!);
    },
  };
}
