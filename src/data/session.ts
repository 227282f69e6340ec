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

export function writeToken(token: string, persistent: boolean): void {
  const maxAge = persistent ? `; max-age=${30 * 24 * 3600}` : '';
  document.cookie = `${NAME}=${encodeURIComponent(token)}; path=/; samesite=strict${maxAge}`;
}

export function clearToken(): void {
  document.cookie = `${NAME}=; path=/; samesite=strict; max-age=0`;
}
