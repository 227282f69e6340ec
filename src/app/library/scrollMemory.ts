/**
 * Where the library was scrolled, per URL, so "Back" from a reader lands on the same book
 * instead of the top: the grid is rebuilt on return and only gets its height once the count is
 * in, too late for the browser's own scroll restoration. Only back/forward restores; following
 * a link to the library starts at the top.
 */
const KEY = 'alex:library-scroll';
let lastPop = 0;
if (typeof window !== 'undefined') window.addEventListener('popstate', () => (lastPop = performance.now()));

export function rememberScroll(url: string, y: number): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ url, y }));
  } catch {
    /* storage unavailable: nothing to restore later */
  }
}

/** The position saved for this URL, when the page was reached by back/forward just now. */
export function scrollToRestore(url: string): number | null {
  if (performance.now() - lastPop > 3000) return null;
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { url: string; y: number } | null;
    return saved && saved.url === url && saved.y > 0 ? saved.y : null;
  } catch {
    return null;
  }
}
