import type { DbApi, Token } from '../db/api';
import { db } from './client';
import { handleAuthError, token } from './session';

/** Calls that take no session (or manage it themselves in auth.ts). */
type PublicCall = 'boot' | 'signIn' | 'signOut' | 'whoAmI' | 'getSharedCollection' | 'listSharedBooks' | 'getSharedBook' | 'getS3Location';

type WithoutToken<F> = F extends (token: Token, ...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;

/** The worker's session calls, with the token left out: the client adds it. */
export type SessionApi = { [K in Exclude<keyof DbApi, PublicCall> & string]: WithoutToken<DbApi[K]> };

/**
 * Runs a worker call; an ended session sends the page back to sign-in (RequireAuth reacts, with
 * next= the current path). The call shows as `alex:<name>` in the browser's performance
 * timeline (DevTools, and the benchmark's breakdown of a page load).
 */
let measured = 0;
export async function timed<T>(name: string, call: () => Promise<T>, sentToken?: string): Promise<T> {
  const start = performance.now();
  try {
    return await call();
  } catch (e) {
    handleAuthError(e, sentToken);
    throw e;
  } finally {
    // The timeline keeps every measure: drop them now and then so a long session does not grow it.
    if (++measured % 1000 === 0) performance.clearMeasures();
    performance.measure(`alex:${name}`, { start });
  }
}

/**
 * The page's one way to the database worker for signed-in calls: `api.listBooks(query, page)`
 * sends this browser's session token first, handles an ended session and marks the timing.
 */
export const api: SessionApi = new Proxy({} as SessionApi, {
  get(_, name: string) {
    return (...args: unknown[]) => {
      const sent = token();
      return timed(name, () => (db() as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!(sent, ...args), sent);
    };
  },
});
