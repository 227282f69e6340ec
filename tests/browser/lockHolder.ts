import type { BrowserContext, Page } from 'playwright-core';
import { baseUrl } from './browser';

/**
 * Another tab of the app's origin that holds the app's Web Locks the way a scan or a cover pass
 * running there does, so a test decides when "the other tab" starts and ends its work.
 */
export async function lockHolder(context: BrowserContext): Promise<{ page: Page; hold(lock: string): Promise<void>; release(lock: string): Promise<void> }> {
  const url = `${baseUrl()}/__lock-holder`;
  await context.route(url, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>holder</title>' }));
  const page = await context.newPage();
  await page.goto(url);
  const releases = 'alexTestReleases';
  return {
    page,
    // Resolves once the lock is granted; it is kept until release(lock) or the page closes.
    hold: (lock) =>
      page.evaluate(
        ([lock, key]) => {
          const w = window as unknown as Record<string, Record<string, () => void>>;
          w[key] ??= {};
          return new Promise<void>((granted) => void navigator.locks.request(lock, () => (granted(), new Promise<void>((r) => (w[key]![lock] = r)))));
        },
        [lock, releases] as const,
      ),
    release: (lock) => page.evaluate(([lock, key]) => (window as unknown as Record<string, Record<string, () => void>>)[key]![lock]!(), [lock, releases] as const),
  };
}
