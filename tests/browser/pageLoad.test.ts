import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN, baseUrl, launch, openPage, pageErrors, signIn } from './browser';
import { seedLibrary, type SeedBook } from './seedLibrary';

// A lazily loaded part of Alex whose code cannot be fetched: offline before the service worker
// saved it, or online after a deployment renamed it. Either way the user reads why, never a blank page.
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const PASSWORD = 'admin-password-1';
const message = (page: Page) => page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });

async function signedIn(context: BrowserContext, books: SeedBook[] = [{ fixture: 'TeXoutline.pdf', title: 'TeX outline' }]): Promise<{ page: Page; bookId: string }> {
  const seeded = await seedLibrary(context, { books });
  const page = await openPage(context, '/login');
  await signIn(page, ADMIN.email, PASSWORD);
  await page.waitForURL(/\/library/);
  return { page, bookId: seeded.books[0]?.id ?? '' };
}

/**
 * Answers 404 for one chunk, as a server does for a name an older deployment used; returns the
 * lift. On the context, it also sees what a worker asks for, and what a page asks for on load.
 */
async function chunkGone(on: Page | BrowserContext, name: string): Promise<() => Promise<void>> {
  const pattern = new RegExp(`/assets/${name}-[^/]+\\.js$`);
  let asked = 0;
  await on.route(pattern, (route) => {
    asked += 1;
    return route.fulfill({ status: 404, contentType: 'text/plain', body: 'gone' });
  });
  return async () => {
    expect(asked).toBeGreaterThan(0);
    await on.unroute(pattern);
  };
}

describe('a part of Alex whose code cannot be loaded', () => {
  it('online after an update (its chunk is gone): the page says so in the Shell, the rest still works, and Try again loads it', async () => {
    // No service worker: page.route then sees every request, as a browser without one does.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const { page } = await signedIn(context);
    const lift = await chunkGone(page, 'CollectionsPage');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Collections' }).click();
    await message(page).waitFor({ timeout: 30_000 });
    await expect(message(page).textContent()).resolves.toContain('Alex was updated since this page was opened');
    // The layout stays: header, navigation, status bar; the library is still a click away.
    await expect(page.getByTestId('book-count').textContent()).resolves.toBe('1 book');
    await nav.getByRole('link', { name: 'Library' }).click();
    await page.locator('.book-grid .book-title', { hasText: 'TeX outline' }).waitFor({ timeout: 30_000 });
    await nav.getByRole('link', { name: 'Collections' }).click();
    await message(page).waitFor({ timeout: 30_000 });

    await lift();
    await message(page).getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Collections' }).waitFor({ timeout: 30_000 });
    await expect(message(page).count()).resolves.toBe(0);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('offline, a page the service worker has not saved yet: the message says offline; online again, Try again loads it', async () => {
    const context = await browser.newContext();
    const { page } = await signedIn(context);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 30_000 });
    // As on a device whose service worker was still installing: that one chunk is not in its cache.
    const removed = await page.evaluate(async () => {
      let n = 0;
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          if (/\/assets\/CollectionsPage-[^/]+\.js/.test(request.url)) n += Number(await cache.delete(request));
        }
      }
      return n;
    });
    expect(removed).toBe(1);
    await context.setOffline(true);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Collections' }).click();
    await message(page).waitFor({ timeout: 30_000 });
    await expect(message(page).textContent()).resolves.toContain('You are offline and this part of Alex is not saved on this device yet');

    await context.setOffline(false);
    await message(page).getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Collections' }).waitFor({ timeout: 30_000 });
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it("a reader whose code is gone: the book's toolbar stays with the message, and Back returns to the library", async () => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const { page, bookId } = await signedIn(context);
    const lift = await chunkGone(page, 'PdfReader');
    await page.goto(`${baseUrl()}/read/${bookId}`);
    const reader = page.locator('.reader');
    const alert = reader.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
    await alert.waitFor({ timeout: 30_000 });
    await expect(reader.locator('.reader-title').textContent()).resolves.toBe('TeX outline');
    // The message has its own way back (a button: the reader's Back is an action, not a link).
    await expect(alert.getByRole('button', { name: 'Back' }).count()).resolves.toBe(1);
    await lift();
    await reader.getByRole('button', { name: 'Try again' }).click();
    await page.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Back' }).first().click();
    await page.waitForURL(/\/library/);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it("a smaller part whose code is gone (the share dialog's publish panel): one line says so in its place, and Try again loads it", async () => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    await seedLibrary(context, { books: [{ fixture: 'TeXoutline.pdf', title: 'TeX outline' }], collections: [{ name: 'Shelf', books: [0] }] });
    const page = await openPage(context, '/login');
    await signIn(page, ADMIN.email, PASSWORD);
    await page.waitForURL(/\/library/);
    const lift = await chunkGone(page, 'PublishPanel');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Collections' }).click();
    await page.getByRole('link', { name: /Shelf/ }).click();
    await page.getByRole('button', { name: 'Share' }).click();
    const share = page.getByRole('dialog', { name: /Share/ });
    const line = share.getByRole('alert').filter({ hasText: 'This part of Alex could not be loaded.' });
    await line.waitFor({ timeout: 30_000 });
    await expect(line.textContent()).resolves.toContain('Alex was updated since this page was opened');
    // One line in the dialog, not a page's heading: the rest of the dialog works as before.
    await expect(page.getByRole('heading', { name: 'This page could not be loaded' }).count()).resolves.toBe(0);
    await expect(share.getByRole('button', { name: 'Copy link' }).isEnabled()).resolves.toBe(true);
    await expect(line.getByRole('button', { name: 'Back' }).count()).resolves.toBe(0);

    await lift();
    await line.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Shelf' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Share' }).click();
    await share.getByTestId('publish-panel').waitFor({ timeout: 30_000 });
    await expect(line.count()).resolves.toBe(0);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it("the PDF reader whose pdf.js worker code is gone: it says the reader could not start and why, with Try again and Back, instead of opening for ever", async () => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    // The worker's bootstrap loads; the pdf.js worker it import()s does not.
    const lift = await chunkGone(context, 'pdf\\.worker\\.min');
    const { page, bookId } = await signedIn(context);
    await page.goto(`${baseUrl()}/read/${bookId}`);
    await page.waitForSelector('.pdf-reader[data-status="error"]', { timeout: 60_000 });
    const alert = page.locator('.pdf-reader').getByRole('alert');
    const text = await alert.textContent();
    expect(text).toContain('The PDF reader could not start.');
    expect(text).toContain('Alex was updated since this page was opened');
    // The file is not blamed: it is the reader's code that is missing.
    expect(text).not.toContain('This PDF could not be opened');
    await expect(alert.getByRole('button', { name: 'Back' }).count()).resolves.toBe(1);

    await lift();
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Back' }).first().click();
    await page.waitForURL(/\/library/);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
