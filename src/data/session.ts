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
