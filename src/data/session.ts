import { createSignal } from 'solid-js';
import type { SessionInfo } from '../db/api';
import { isAppError } from '../domain/errors';
import { db } from './client';

/**
 * The session token lives in a cookie: without an expiry it is a browser-session cookie, shared
 * by every tab and gone when the browser closes; "Stay signed in" gives it 30 days. No server
 * ever sees it: the worker checks it against the sessions table.
 */
const NAME = 'alex_session';

export function readToken(): string | null {
  const m = document.cookie.match(/(?:^|;\s*)alex_session=([^;]+)/);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** Served over https, the cookie is never sent over plain http (a downgraded or mixed request). */
export function cookieAttributes(protocol: string): string {
  return `path=/; samesite=strict${protocol === 'https:' ? '; secure' : ''}`;
}

export function writeToken(token: string, persistent: boolean): void {
  const maxAge = persistent ? `; max-age=${30 * 24 * 3600}` : '';
  document.cookie = `${NAME}=${encodeURIComponent(token)}; ${cookieAttributes(location.protocol)}${maxAge}`;
}

export function clearToken(): void {
  document.cookie = `${NAME}=; ${cookieAttributes(location.protocol)}; max-age=0`;
}

const [session, setSession] = createSignal<SessionInfo | null | undefined>(undefined);
export { session, setSession };

/** The token of this browser's session, for worker calls (sessionClient.ts adds it). */
export function token(): string {
  return readToken() ?? '';
}

/** Asks the worker who the cookie's token belongs to; clears a dead cookie. */
export async function refreshSession(): Promise<SessionInfo | null> {
  const t = readToken();
  const info = t ? await db().whoAmI(t) : null;
  // Another tab may have signed someone in meanwhile: only the dead token's cookie is cleared.
  if (readToken() !== t) return refreshSession();
  if (!info && t) clearToken();
  setSession(info);
  return info;
}

/** The error says the session ended (or must change its password first): the page moves on by itself. */
export function isSessionEnded(e: unknown): boolean {
  return isAppError(e, 'UNAUTHENTICATED') || isAppError(e, 'PASSWORD_CHANGE_REQUIRED');
}

/**
 * On a worker error: an ended session is cleared, so RequireAuth sends the user back to sign in
 * (with next= the current path); a pending password change is picked up. True when it was one.
 */
export function handleAuthError(e: unknown, sentToken?: string): boolean {
  if (isAppError(e, 'UNAUTHENTICATED')) {
    // The call was sent before someone signed in from another tab (the cookie is shared): the
    // new session is not ended, and its cookie stays; the page follows whoever is signed in now.
    if (sentToken !== undefined && token() !== sentToken) {
      void refreshSession();
      return true;
    }
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
