/**
 * Performance marks along the way from a click on a book to its first page, for profiling
 * (`localStorage['alex-debug-perf'] = '1'`, then read `performance.getEntriesByType('mark')`;
 * scripts/bench-readers.mjs --marks prints them). Off by default: a mark is cheap, but the list
 * grows with every book opened in a tab.
 */
let on: boolean | undefined;

export function readerMark(name: string): void {
  on ??= (() => {
    try {
      return localStorage.getItem('alex-debug-perf') === '1';
    } catch {
      return false;
    }
  })();
  if (on) performance.mark(`alex:${name}`);
}
