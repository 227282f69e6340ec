import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, launch, openPage, pageErrors, signIn } from './browser';
import { seedLibrary } from './seedLibrary';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const epubReady = (page: Page) => page.waitForSelector('.epub-reader[data-status="ready"]', { timeout: 30_000 });
/** The text of the section(s) epub.js shows right now. */
const shownText = (page: Page) =>
  page.locator('.epub-viewer iframe').evaluateAll((frames) => frames.map((f) => (f as HTMLIFrameElement).contentDocument?.body?.innerText ?? '').join('\n'));
const percentOf = (page: Page) => page.locator('.epub-reader').getAttribute('data-percent');

// pandoc-chapters.epub is pandoc's own output (`pandoc three.md -o …`): a title page and five
// chapters, each its own spine item, the contents pointing at `text/ch00N.xhtml#heading-id`.
describe('EPUB contents in a library of several books', { timeout: 150_000 }, () => {
  it('opened from the grid, a chapter picked in Contents is shown, counted and kept across a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const seeded = await seedLibrary(context, {
      books: [
        { fixture: 'R-intro.pdf', title: 'An Introduction to R' },
        { fixture: 'pandoc-chapters.epub', title: 'Three Harbours', author: 'Pan Doc' },
        { fixture: 'TeXoutline.pdf', title: 'TeX outline' },
      ],
    });
    const page = await openPage(context, '/login');
    await signIn(page, ADMIN.email, seeded.adminPassword);
    await page.waitForURL(/\/library/);
    await page.getByRole('link', { name: /^Three Harbours/ }).click();
    await page.waitForURL(/\/read\//);
    await epubReady(page);
    await expect.poll(() => shownText(page)).toContain('Three Harbours');

    await page.getByRole('button', { name: 'Contents' }).click();
    const toc = page.getByRole('navigation', { name: 'Table of contents' });
    await toc.getByRole('button', { name: 'Third Harbour' }).click();
    // The window changes size while the jump is under way (a tablet turned, a window snapped):
    // epub.js lays the book out again, and must do so where the reader is going, not where it was.
    await page.setViewportSize({ width: 1000, height: 760 });
    await expect.poll(() => toc.locator('[aria-current="true"]').textContent()).toBe('Third Harbour');
    await expect.poll(() => shownText(page), { timeout: 15_000 }).toContain('This is chapter 3, called Third Harbour.');
    await expect.poll(async () => Number(await percentOf(page)), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect(page.locator('.epub-chapter').textContent()).resolves.toBe('Third Harbour');
    const cfi = (await page.locator('.epub-reader').getAttribute('data-cfi'))!;
    await page.waitForSelector('.reader-page[data-save-state="saved"]', { timeout: 10_000 });

    await page.reload();
    await epubReady(page);
    await expect.poll(() => page.locator('.epub-reader').getAttribute('data-cfi')).toBe(cfi);
    await expect.poll(() => shownText(page)).toContain('This is chapter 3, called Third Harbour.');
    await expect.poll(async () => Number(await percentOf(page)), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
