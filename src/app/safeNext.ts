const FALLBACK = '/library';

/**
 * Only a path of this app may be returned to after sign-in: no other site (`//evil`, `/\evil`,
 * which browsers read as `//evil`), and not the sign-in pages themselves (that would loop).
 */
export function safeNext(next: string | undefined | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f]/.test(next)) return FALLBACK;
  let url: URL;
  try {
    url = new URL(next, 'http://alex.invalid');
  } catch {
    return FALLBACK;
  }
  if (url.origin !== 'http://alex.invalid') return FALLBACK;
  // `/.//evil` or `/a/..//evil` normalise to `//evil`, which a later navigation reads as another host.
  if (url.pathname.startsWith('//')) return FALLBACK;
  if (url.pathname === '/login' || url.pathname === '/change-password') return FALLBACK;
  return url.pathname + url.search + url.hash;
}
