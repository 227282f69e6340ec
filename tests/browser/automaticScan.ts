import type { Page } from 'playwright-core';

/**
 * Makes the app scan on its own (on focus here; the interval and the folder observer do the
 * same) until a scan report newer than `after` shows. Focus is sent again while waiting because
 * a focus that comes while a scan runs starts none. Shared by the browser tests and the ingest
 * bench; it imports nothing from the test runner so a bench can load it.
 */
export async function automaticScan(page: Page, after: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (n) => {
      window.dispatchEvent(new Event('focus'));
      return Number(document.querySelector('[data-testid="scan-report"]')?.getAttribute('data-seq') ?? 0) > n;
    },
    after,
    { timeout, polling: 500 },
  );
}
