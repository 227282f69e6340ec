/** Failed sign-ins in a row allowed before attempts must wait. */
export const FREE_FAILURES = 5;
const BASE_DELAY = 5; // seconds, doubled for each further failure
const MAX_DELAY = 15 * 60;

/** Seconds a further attempt must wait after `failures` failures in a row (0 = may try now). */
export function signInDelay(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY, BASE_DELAY * 2 ** (failures - FREE_FAILURES));
}

/** Seconds left to wait, given the failures so far and when the last one happened. */
export function signInSecondsLeft(failures: number, lastFailedAt: number, now: number): number {
  return Math.max(0, lastFailedAt + signInDelay(failures) - now);
}
