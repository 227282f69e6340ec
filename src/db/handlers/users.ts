import type { UsersApi } from '../api';
import type { HandlerContext } from '../context';
import { AppError } from '../../domain/errors';
import type { Role } from '../../domain/types';
import { hashPassword } from '../../domain/passwords';
import { validateDisplayName, validateEmail, validatePassword } from '../../domain/validation';
import { countAdmins, deleteUser, getUserByEmail, getUserById, insertUser, listUsers, updateUser } from '../queries/users';
import { deleteSessionsOfUser } from '../queries/sessions';
import { plainString, requireAdmin } from './guard';

/**
 * Runs every field's check so a form can show all its problems at once. Throws the first error,
 * with `details.fields` holding every field's message.
 */
function collectFieldErrors<T extends Record<string, () => unknown>>(checks: T): { [K in keyof T]: ReturnType<T[K]> } {
  const out: Record<string, unknown> = {};
  const fields: Record<string, string> = {};
  let first: AppError | undefined;
  for (const [name, check] of Object.entries(checks)) {
    try {
      out[name] = check();
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'INVALID_INPUT') throw e;
      fields[String(e.details?.field ?? name)] = e.message;
      first ??= e;
    }
  }
  if (first) throw new AppError('INVALID_INPUT', first.message, { field: first.details?.field, fields });
  return out as { [K in keyof T]: ReturnType<T[K]> };
}

function checkRole(role: unknown): Role {
  if (role !== 'admin' && role !== 'user') throw new AppError('INVALID_INPUT', 'The role must be admin or user.', { field: 'role' });
  return role;
}

export function usersHandlers(ctx: HandlerContext): UsersApi {
  const { db } = ctx;

  async function target(userId: string) {
    const u = await getUserById(db, userId);
    if (!u) throw new AppError('NOT_FOUND', 'That user no longer exists.');
    return u;
  }

  return {
    async listUsers(token) {
      await requireAdmin(ctx, token);
      return listUsers(db);
    },

    async createUser(token, input) {
      await requireAdmin(ctx, token);
      const { email, displayName, password, role } = collectFieldErrors({
        email: () => validateEmail(String(input?.email ?? '')),
        displayName: () => validateDisplayName(String(input?.displayName ?? '')),
        password: () => validatePassword(String(input?.password ?? '')),
        role: () => checkRole(input?.role),
      });
      if (await getUserByEmail(db, email)) throw new AppError('CONFLICT', 'A user with this email already exists.', { field: 'email' });
      const user = await insertUser(db, { email, displayName, role, passwordHash: await hashPassword(password) });
      ctx.changed(['users']);
      return user;
    },

    async deleteUser(token, userId) {
      const { user: me } = await requireAdmin(ctx, token);
      userId = plainString(userId, 'user id');
      if (userId === me.id) throw new AppError('FORBIDDEN', 'You cannot delete your own account.', { reason: 'self' });
      await db.transaction(async () => {
        const u = await target(userId);
        if (u.role === 'admin' && (await countAdmins(db)) <= 1)
          throw new AppError('LAST_ADMIN', 'The last administrator cannot be deleted.');
        // Cascades remove their progress, collections and those collections' links; books stay.
        await deleteUser(db, u.id);
      });
      ctx.changed(['users']);
    },

    async resetUserPassword(token, userId, newPassword) {
      const { user: me } = await requireAdmin(ctx, token);
      userId = plainString(userId, 'user id');
      // Resetting would also end the admin's own session; their own change asks for the old password.
      if (userId === me.id)
        throw new AppError('FORBIDDEN', 'Change your own password in Account settings.', { reason: 'self' });
      const u = await target(userId);
      const passwordHash = await hashPassword(validatePassword(String(newPassword ?? ''), 'newPassword'));
      await db.transaction(async () => {
        await updateUser(db, u.id, { passwordHash });
        await deleteSessionsOfUser(db, u.id);
      });
    },

    async setUserRole(token, userId, roleInput) {
      await requireAdmin(ctx, token);
      userId = plainString(userId, 'user id');
      const role = checkRole(roleInput);
      await db.transaction(async () => {
        const u = await target(userId);
        if (u.role === role) return;
        if (u.role === 'admin' && (await countAdmins(db)) <= 1)
          throw new AppError('LAST_ADMIN', 'The last administrator cannot be made a regular user.');
        await updateUser(db, u.id, { role });
      });
      ctx.changed(['users']);
    },
  };
}
