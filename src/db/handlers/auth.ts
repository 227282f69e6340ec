import type { AuthApi, SessionInfo } from '../api';
import type { HandlerContext } from '../context';
import { AppError } from '../../domain/errors';
import { DEFAULT_ADMIN } from '../../domain/types';
import { hashPassword, verifyPassword } from '../../domain/passwords';
import { secondsToWait } from '../../domain/backoff';
import { validateDisplayName, validatePassword } from '../../domain/validation';
import { getUserByEmail, getUserById, normaliseEmail, publicUser, updateUser } from '../queries/users';
import {
  clearMustChangePassword,
  deleteSessionByToken,
  deleteSessionsOfUser,
  findSession,
  insertSession,
  newToken,
  type SessionRow,
} from '../queries/sessions';
import { requireUser } from './guard';

// Compared against when the email is unknown, so a wrong email costs the same time as a wrong
// password and the answer does not tell which was wrong. (bcrypt of a random string, cost 10.)
const DUMMY_HASH = '$2b$10$Z3siv7FEWss4AC0BnWCxCOLiZGcOghwxYOzOItQfqx7EEh/EWWRGK';

const WRONG = 'Wrong email or password.';

function sessionInfo(user: SessionInfo['user'], s: SessionRow): SessionInfo {
  return { user, mustChangePassword: !!s.must_change_password, persistent: !!s.persistent, expiresAt: Number(s.expires_at) };
}

export function authHandlers(ctx: HandlerContext): AuthApi {
  const { db } = ctx;

  async function recordFailure(email: string): Promise<void> {
    await db.run(
      `INSERT INTO login_attempts (email, failures, last_failed_at) VALUES (?, 1, ?)
       ON CONFLICT (email) DO UPDATE SET failures = failures + 1, last_failed_at = excluded.last_failed_at`,
      [email, ctx.now()],
    );
  }

  return {
    async signIn(emailInput, password, staySignedIn) {
      const email = normaliseEmail(String(emailInput ?? ''));
      const attempts = await db.get<{ failures: number; last_failed_at: number }>(
        'SELECT failures, last_failed_at FROM login_attempts WHERE email = ?',
        [email],
      );
      if (attempts) {
        const wait = secondsToWait(Number(attempts.failures), Number(attempts.last_failed_at), ctx.now());
        if (wait > 0)
          throw new AppError('RATE_LIMITED', `Too many failed attempts. Try again in ${wait} seconds.`, { retryAfter: wait });
      }
      const user = email ? await getUserByEmail(db, email) : undefined;
      const ok = await verifyPassword(String(password ?? ''), user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok) {
        await recordFailure(email);
        throw new AppError('UNAUTHENTICATED', WRONG);
      }
      await db.run('DELETE FROM login_attempts WHERE email = ?', [email]);
      const token = newToken();
      const mustChangePassword = user.id === DEFAULT_ADMIN.id && password === DEFAULT_ADMIN.password;
      const row = await insertSession(db, token, { userId: user.id, now: ctx.now(), persistent: !!staySignedIn, mustChangePassword });
      return { token, ...sessionInfo(publicUser(user), row) };
    },

    async signOut(token) {
      if (token) await deleteSessionByToken(db, token);
    },

    async whoAmI(token) {
      if (!token) return null;
      const session = await findSession(db, token, ctx.now());
      const user = session && (await getUserById(db, session.user_id));
      return session && user ? sessionInfo(publicUser(user), session) : null;
    },

    async changeOwnPassword(token, oldPassword, newPassword) {
      const { user, session } = await requireUser(ctx, token, { allowPendingPasswordChange: true });
      const full = (await getUserById(db, user.id))!;
      if (!(await verifyPassword(String(oldPassword ?? ''), full.passwordHash)))
        throw new AppError('INVALID_INPUT', 'The current password is wrong.', { field: 'oldPassword' });
      validatePassword(String(newPassword ?? ''), 'newPassword');
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
      return publicUser((await getUserById(db, user.id))!);
    },
  };
}
