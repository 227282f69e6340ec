import type { SessionInfo } from '../db/api';
import { db } from './client';
import { clearToken, readToken, refreshSession, session, setSession, writeToken } from './session';
import { api } from './sessionClient';

export { session, refreshSession, isSessionEnded } from './session';

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
  await api.changeOwnPassword(oldPassword, newPassword);
  await refreshSession();
}

export async function updateOwnProfile(patch: { displayName: string }): Promise<void> {
  const user = await api.updateOwnProfile(patch);
  const current = session();
  if (current) setSession({ ...current, user });
}

