import { createSignal } from 'solid-js';
import type { SessionInfo } from '../db/api';
import { isAppError } from '../domain/errors';
import { db } from './client';
import { clearToken, readToken, writeToken } from './session';

const [session, setSession] = createSignal<SessionInfo | null | undefined>(undefined);
export { session };

/** The token of this browser's session, for worker calls. */
export function token(): string {
  return readToken() ?? '';
}

/** Asks the worker who the cookie's token belongs to; clears a dead cookie. */
export async function refreshSession(): Promise<SessionInfo | null> {
  const t = readToken();
  const info = t ? await db().whoAmI(t) : null;
  if (!info && t) clearToken();
  setSession(info);
  return info;
}

export async function signIn(email: string, password: string, stay: boolean): Promise<SessionInfo> {
  const { token: t, ...info } = await db().signIn(email, password, stay);
  writeToken(t, stay);
  setSession(info);
  return info;
}

export async function signOut(): Promise<void> {
  const t = readToken();
  clearToken();
  setSession(null);
  if (t) await db().signOut(t).catch(() => {});
}

export async function changeOwnPassword(oldPassword: string, newPassword: string): Promise<void> {
  await db().changeOwnPassword(token(), oldPassword, newPassword);
  await refreshSession();
}

export async function updateOwnProfile(patch: { displayName: string }): Promise<void> {
  const user = await db().updateOwnProfile(token(), patch);
  const current = session();
  if (current) setSession({ ...current, user });
}

/** Call on a worker error: an ended session sends the user back to sign in. */
export function handleAuthError(e: unknown): boolean {
  if (isAppError(e, 'UNAUTHENTICATED')) {
    clearToken();
    setSession(null);
    return true;
  }
  if (isAppError(e, 'PASSWORD_CHANGE_REQUIRED')) {
    void refreshSession();
    return true;
  }
  return false;
}
