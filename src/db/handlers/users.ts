import type { UsersApi } from '../api';
import type { HandlerContext } from '../context';
import { AppError } from '../../domain/errors';
import type { Role } from '../../domain/types';
import { hashPassword } from '../../domain/passwords';
import { validateDisplayName, validateEmail, validatePassword } from '../../domain/validation';
import { countAdmins, deleteUser, getUserByEmail, getUserById, insertUser, listUsers, updateUser } from '../queries/users';
import { deleteSessionsOfUser } from '../queries/sessions';
import { requireAdmin } from './guard';

function checkRole(role: unknown): Role {
  if (role !== 'admin' && role !== 'user') throw new AppError('INVALID_INPUT', 'The role must be admin or user.', { field: 'role' });
  return role;
}

export function usersHandlers(ctx: HandlerContext): UsersApi {
  const { db } = ctx;

  async function target(userId: string) {
    const u = await getUserById(db, String(userId));
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
      const email = validateEmail(String(input?.email ?? ''));
      const displayName = validateDisplayName(String(input?.displayName ?? ''));
      const password = validatePassword(String(input?.password ?? ''));
      const role = checkRole(input?.role);
      if (await getUserByEmail(db, email)) throw new AppError('CONFLICT', 'A user with this email already exists.', { field: 'email' });
      return insertUser(db, { email, displayName, role, passwordHash: await hashPassword(password) });
    },

    async deleteUser(token, userId) {
      const { user: me } = await requireAdmin(ctx, token);
      if (userId === me.id) throw new AppError('FORBIDDEN', 'You cannot delete your own account.');
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
      await requireAdmin(ctx, token);
      const u = await target(userId);
      const passwordHash = await hashPassword(validatePassword(String(newPassword ?? '')));
      await db.transaction(async () => {
        await updateUser(db, u.id, { passwordHash });
        await deleteSessionsOfUser(db, u.id);
      });
    },

    async setUserRole(token, userId, roleInput) {
      await requireAdmin(ctx, token);
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
