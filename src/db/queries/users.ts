/** The users table: its one writer (sync will record each change here) and its reads. */
import type { Db } from '../Db';
import { DEFAULT_ADMIN, nowSeconds, type Role, type User } from '../../domain/types';
import { hashPassword } from '../../domain/passwords';

interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  display_name: string;
  role: Role;
  created_at: number;
  updated_at: number;
}

export type UserWithHash = User & { passwordHash: string };

function toUser(r: UserRow): UserWithHash {
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    passwordHash: r.password_hash,
  };
}

export function publicUser(u: UserWithHash): User {
  const { passwordHash: _, ...rest } = u;
  return rest;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function getUserById(db: Db, id: string): Promise<UserWithHash | undefined> {
  const r = await db.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
  return r && toUser(r);
}

export async function getUserByEmail(db: Db, email: string): Promise<UserWithHash | undefined> {
  const r = await db.get<UserRow>('SELECT * FROM users WHERE email = ?', [normaliseEmail(email)]);
  return r && toUser(r);
}

export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db.all<UserRow>('SELECT * FROM users ORDER BY created_at, email');
  return rows.map((r) => publicUser(toUser(r)));
}

export async function countAdmins(db: Db): Promise<number> {
  const r = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM users WHERE role = 'admin'`);
  return Number(r?.n ?? 0);
}

export async function insertUser(
  db: Db,
  u: { id?: string; email: string; passwordHash: string; displayName: string; role: Role },
): Promise<User> {
  const now = nowSeconds();
  const id = u.id ?? crypto.randomUUID();
  await db.run(
    `INSERT INTO users (id, email, password_hash, display_name, role, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [id, normaliseEmail(u.email), u.passwordHash, u.displayName, u.role, now, now],
  );
  return publicUser((await getUserById(db, id))!);
}

export async function updateUser(
  db: Db,
  id: string,
  patch: { displayName?: string; role?: Role; passwordHash?: string },
): Promise<void> {
  const sets: string[] = [];
  const params: (string | number)[] = [];
  if (patch.displayName !== undefined) (sets.push('display_name = ?'), params.push(patch.displayName));
  if (patch.role !== undefined) (sets.push('role = ?'), params.push(patch.role));
  if (patch.passwordHash !== undefined) (sets.push('password_hash = ?'), params.push(patch.passwordHash));
  if (!sets.length) return;
  sets.push('updated_at = ?');
  params.push(nowSeconds(), id);
  await db.run(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`, params);
}

export async function deleteUser(db: Db, id: string): Promise<number> {
  return db.run('DELETE FROM users WHERE id = ?', [id]);
}

/**
 * Creates the default admin when the library has no administrator yet; never touches an existing
 * row, so a changed password (or email, or name) survives every launch. Once another admin exists,
 * deleting the default admin does not bring it (and its well-known password) back on the next
 * launch. Hashing only happens when inserting.
 */
export async function seedDefaultAdmin(db: Db, hash: (pw: string) => Promise<string> = hashPassword): Promise<boolean> {
  const existing = await db.get(`SELECT 1 AS x FROM users WHERE id = ? OR email = ? OR role = 'admin' LIMIT 1`, [
    DEFAULT_ADMIN.id,
    DEFAULT_ADMIN.email,
  ]);
  if (existing) return false;
  const now = nowSeconds();
  const changed = await db.run(
    `INSERT INTO users (id, email, password_hash, display_name, role, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'admin', ?, ?) ON CONFLICT DO NOTHING`,
    [DEFAULT_ADMIN.id, DEFAULT_ADMIN.email, await hash(DEFAULT_ADMIN.password), DEFAULT_ADMIN.displayName, now, now],
  );
  return changed > 0;
}

/** Another device's version of a user (sync), password hash included; same id everywhere. */
export async function putSyncedUser(
  db: Db,
  id: string,
  u: { email: string; passwordHash: string; displayName: string; role: Role; createdAt: number; updatedAt: number },
): Promise<void> {
  await db.run(
    `INSERT INTO users (id, email, password_hash, display_name, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET email = excluded.email, password_hash = excluded.password_hash,
       display_name = excluded.display_name, role = excluded.role, updated_at = excluded.updated_at`,
    [id, normaliseEmail(u.email), u.passwordHash, u.displayName, u.role, u.createdAt, u.updatedAt],
  );
}

/**
 * The last-administrator rule after a merge: two devices may each have demoted or deleted a
 * different administrator. Every device then promotes the same person (the oldest account), so
 * they agree without talking to each other. Returns the promoted id.
 */
export async function promoteOldestIfNoAdmin(db: Db): Promise<string | null> {
  if ((await countAdmins(db)) > 0) return null;
  const oldest = await db.get<{ id: string }>('SELECT id FROM users ORDER BY created_at, id LIMIT 1');
  if (!oldest) return null;
  await updateUser(db, oldest.id, { role: 'admin' });
  return oldest.id;
}
