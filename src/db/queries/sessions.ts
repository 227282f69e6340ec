import type { Db } from '../Db';

export interface SessionRow {
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  persistent: number;
  must_change_password: number;
}

/** "Stay signed in" lasts 30 days; otherwise the cookie dies with the browser and the row a day after last use. */
export const PERSISTENT_SESSION_SECONDS = 30 * 24 * 3600;
export const BROWSER_SESSION_SECONDS = 24 * 3600;

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** 256 random bits, base64url. */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function insertSession(
  db: Db,
  token: string,
  s: { userId: string; now: number; persistent: boolean; mustChangePassword: boolean },
): Promise<SessionRow> {
  const row: SessionRow = {
    id: await sha256Hex(token),
    user_id: s.userId,
    created_at: s.now,
    expires_at: s.now + (s.persistent ? PERSISTENT_SESSION_SECONDS : BROWSER_SESSION_SECONDS),
    persistent: s.persistent ? 1 : 0,
    must_change_password: s.mustChangePassword ? 1 : 0,
  };
  await db.run(
    'INSERT INTO sessions (id, user_id, created_at, expires_at, persistent, must_change_password) VALUES (?, ?, ?, ?, ?, ?)',
    [row.id, row.user_id, row.created_at, row.expires_at, row.persistent, row.must_change_password],
  );
  return row;
}

/** The live session for a token, or undefined (unknown or expired; expired rows are removed). */
export async function findSession(db: Db, token: string, now: number): Promise<SessionRow | undefined> {
  const id = await sha256Hex(token);
  const row = await db.get<SessionRow>('SELECT * FROM sessions WHERE id = ?', [id]);
  if (!row) return undefined;
  if (Number(row.expires_at) <= now) {
    await db.run('DELETE FROM sessions WHERE id = ?', [id]);
    return undefined;
  }
  return row;
}

/** Browser sessions slide: each use pushes the expiry a day ahead. */
export async function touchSession(db: Db, row: SessionRow, now: number): Promise<void> {
  if (row.persistent) return;
  const expires = now + BROWSER_SESSION_SECONDS;
  if (expires - Number(row.expires_at) < 60) return; // avoid a write on every call
  await db.run('UPDATE sessions SET expires_at = ? WHERE id = ?', [expires, row.id]);
  row.expires_at = expires;
}

/** Sessions nobody came back to: their rows would otherwise stay until the token is seen again. */
export async function deleteExpiredSessions(db: Db, now: number): Promise<void> {
  await db.run('DELETE FROM sessions WHERE expires_at <= ?', [now]);
}

export async function deleteSessionByToken(db: Db, token: string): Promise<void> {
  await db.run('DELETE FROM sessions WHERE id = ?', [await sha256Hex(token)]);
}

export async function deleteSessionsOfUser(db: Db, userId: string, exceptId?: string): Promise<void> {
  await db.run('DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?', [userId, exceptId ?? null]);
}

export async function clearMustChangePassword(db: Db, id: string): Promise<void> {
  await db.run('UPDATE sessions SET must_change_password = 0 WHERE id = ?', [id]);
}
