import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN, baseUrl, launch, openPage, pageErrors, signIn } from './browser';
import { seedLibrary, type SeedBook } from './seedLibrary';
import { epubReady, pdfReady, selectText } from './annotationHelpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function openReader(context: BrowserContext, books: SeedBook[]) {
  const seeded = await seedLibrary(context, { books });
  const page = await openPage(context, '/login');
  await signIn(page, ADMIN.email, seeded.adminPassword);
  await page.waitForURL(/\/library/);
  await page.goto(`${baseUrl()}/read/${seeded.books[0]!.id}`);
  return page;
}

const firstRectWidth = (page: Page) => page.locator('.pdf-annot-rect').first().evaluate((el) => el.getBoundingClientRect().width);

describe('annotations in the readers', { timeout: 180_000 }, () => {
  it('PDF: a selection is highlighted, kept across a reload and a zoom; a bookmark toggles; the panel lists both and jumps; a click on it recolours or deletes it', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 850 } });
    const page = await openReader(context, [{ fixture: 'R-intro.pdf', title: 'An Introduction to R' }]);
    const errors = pageErrors(page);
    await pdfReady(page);
    const textLayer = page.locator('.page[data-page-number="1"] .textLayer');
    await textLayer.locator('span').first().waitFor();
    const quote = await textLayer.evaluate(selectText, 10);
    await page.getByRole('button', { name: 'Highlight green' }).click();
    await page.locator('.pdf-annot-rect').first().waitFor();
    await expect.poll(() => page.getByRole('toolbar', { name: 'Selection' }).count()).toBe(0);

    const bookmark = page.getByRole('button', { name: 'Add bookmark' });
    await bookmark.click();
    await expect.poll(() => bookmark.getAttribute('aria-pressed')).toBe('true');

    await page.reload();
    await pdfReady(page);
    await page.locator('.page[data-page-number="1"] .pdf-annot-rect').first().waitFor();
    await expect.poll(() => bookmark.getAttribute('aria-pressed')).toBe('true');
    const before = await firstRectWidth(page);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => firstRectWidth(page)).toBeGreaterThan(before * 1.05);

    await page.getByRole('button', { name: 'Annotations' }).click();
    const panel = page.getByRole('navigation', { name: 'Annotations' });
    await expect.poll(() => panel.getByRole('button', { name: /^(Bookmark|Highlight)/ }).allTextContents()).toEqual(['Bookmark · Page 1', `Highlight · Page 1${quote}`].map((t) => expect.stringContaining(t)));

    await page.getByRole('textbox', { name: 'Page number' }).fill('7');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.pdf-reader').getAttribute('data-page')).toBe('7');
    await expect.poll(() => bookmark.getAttribute('aria-pressed')).toBe('false');
    await panel.getByRole('button', { name: /^Bookmark/ }).click();
    await expect.poll(() => page.locator('.pdf-reader').getAttribute('data-page')).toBe('1');
    await bookmark.click();
    await expect.poll(() => bookmark.getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => panel.getByRole('button', { name: /^Bookmark/ }).count()).toBe(0);

    // A click on the highlight offers another colour, or deleting it.
    const clickMark = async () => {
      const box = (await page.locator('.pdf-annot-rect').first().boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    };
    const menu = page.getByRole('toolbar', { name: 'Highlight' });
    await clickMark();
    await menu.getByRole('button', { name: 'Colour blue' }).click();
    await expect.poll(() => page.locator('.pdf-annot-rect').first().evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(124, 184, 255)');
    await clickMark();
    await menu.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.locator('.pdf-annot-rect').count()).toBe(0);
    await expect.poll(() => panel.getByRole('button', { name: /^Highlight/ }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('EPUB: a selection is highlighted, kept across a reload, a theme and a font-size change; a bookmark toggles; the panel jumps; a click on it deletes it', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await openReader(context, [{ fixture: 'pandoc-chapters.epub', title: 'Three Harbours' }]);
    const errors = pageErrors(page);
    await epubReady(page);
    const frame = page.locator('.epub-viewer iframe').first();
    const body = await frame.evaluateHandle((f) => (f as HTMLIFrameElement).contentDocument!.body);
    const quote = await body.evaluate(selectText, 6);
    await page.getByRole('button', { name: 'Highlight pink' }).click();
    await page.locator('.epub-viewer .annot-hl').first().waitFor({ state: 'attached' });

    const bookmark = page.getByRole('button', { name: 'Add bookmark' });
    await bookmark.click();
    await expect.poll(() => bookmark.getAttribute('aria-pressed')).toBe('true');

    await page.reload();
    await epubReady(page);
    await page.locator('.epub-viewer .annot-hl').first().waitFor({ state: 'attached' });
    await expect.poll(() => bookmark.getAttribute('aria-pressed')).toBe('true');

    await page.getByRole('button', { name: 'Display settings' }).click();
    await page.getByRole('radio', { name: 'Dark' }).click();
    await page.getByRole('button', { name: 'Larger text' }).click();
    await page.locator('.epub-viewer .annot-hl').first().waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Display settings' }).click();

    await page.getByRole('button', { name: 'Next chapter' }).click();
    await expect.poll(() => bookmark.getAttribute('aria-pressed')).toBe('false');
    await page.getByRole('button', { name: 'Annotations' }).click();
    const panel = page.getByRole('navigation', { name: 'Annotations' });
    const items = panel.getByRole('button', { name: /^(Bookmark|Highlight)/ });
    await expect.poll(() => items.count()).toBe(2);
    await expect.poll(() => panel.getByRole('button', { name: /^Highlight/ }).textContent()).toContain(quote);
    await panel.getByRole('button', { name: /^Bookmark/ }).click();
    await expect.poll(() => bookmark.getAttribute('aria-pressed')).toBe('true');

    const mark = page.locator('.epub-viewer .annot-hl').first();
    const box = (await mark.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByRole('toolbar', { name: 'Highlight' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.locator('.epub-viewer .annot-hl').count()).toBe(0);
    await expect.poll(() => panel.getByRole('button', { name: /^Highlight/ }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
