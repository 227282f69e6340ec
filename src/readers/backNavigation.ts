/**
 * "Back to where you came from": history.back() when the previous entry belongs to this app,
 * else a fallback route (opened from a bookmark, a new tab, a link from elsewhere).
 *
 * @solidjs/router stamps every entry with `history.state._depth`; the first entry it stamped in
 * this page load has depth (history.length - 1) at start-up. Evaluated when the app boots
 * (this module is imported by the route table), before any in-app navigation.
 */
const entryDepth = window.history.length - 1;

export function canGoBackInApp(): boolean {
  const depth = (window.history.state as { _depth?: number } | null)?._depth;
  return typeof depth === 'number' && depth > entryDepth;
}
