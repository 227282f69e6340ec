import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { ADMIN, baseUrl, launch, openPage, pageErrors, signIn } from './browser';
import { buildLibrary, installLibrary, type LibraryBook } from './libraryFixtures';
import { epubReady, pdfReady, selectText } from './annotationHelpers';
import { putAnnotation } from '../../src/db/queries/annotations';
import type { AnnotationAnchor, AnnotationKind } from '../../src/domain/annotations';
import { DEFAULT_ADMIN } from '../../src/domain/types';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Stored {
  id: string;
  kind: AnnotationKind;
  note?: string;
  anchor: AnnotationAnchor;
}

/** One book, with annotations stored as made on an earlier version of its file (another hash). */
async function openWithAnnotations(context: BrowserContext, book: LibraryBook, stored: Stored[]) {
  const lib = await buildLibrary({
    books: [book],
    extra: async (db) => {
      const [b] = await db.all<{ id: string }>('SELECT id FROM books');
      for (const s of stored) {
        await putAnnotation(db, { userId: DEFAULT_ADMIN.id, bookId: b!.id, bookHash: 'an-earlier-edition', color: s.kind === 'bookmark' ? null : 'yellow', note: s.note ?? null, createdAt: 1_750_000_000, updatedAt: 1_750_000_000, ...s });
      }
    },
  });
  await installLibrary(context, lib);
  const page = await openPage(context, '/login');
  await signIn(page, ADMIN.email, 'admin-password-1');
  await page.waitForURL(/\/library$/);
  await page.goto(`${baseUrl()}/read/${lib.books[0]!.id}`);
  return page;
}

const quote = (exact: string) => ({ exact, prefix: '', suffix: '' });
const LOST = 'A sentence that was never in this book at all';

describe('notes and re-anchoring in the readers', { timeout: 180_000 }, () => {
  it('PDF: a note is added to a selection, edited and emptied from the panel; a highlight from another edition is found by its quote; a lost one is listed, never dropped', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 850 } });
    const page = await openWithAnnotations(context, { title: 'An Introduction to R', fixture: 'R-intro.pdf' }, [
      { id: '11111111-1111-4111-8111-111111111111', kind: 'note', note: 'Licence terms', anchor: { cfi: null, page: 6, quote: quote('Permission is granted to make and distribute verbatim copies'), rects: [{ x: 10, y: 10, width: 50, height: 10 }], label: 'Page 6' } },
      { id: '22222222-2222-4222-8222-222222222222', kind: 'highlight', anchor: { cfi: null, page: 3, quote: quote(LOST), rects: [{ x: 10, y: 10, width: 50, height: 10 }], label: 'Page 3' } },
    ]);
    const errors = pageErrors(page);
    await pdfReady(page);
    await page.getByRole('button', { name: 'Annotations' }).click();
    const panel = page.getByRole('navigation', { name: 'Annotations' });
    // Found on page 2 of this file, and saved there; the lost one is kept apart, with its text.
    await expect.poll(() => panel.getByRole('button', { name: /^Note/ }).textContent(), { timeout: 30_000 }).toContain('Note · Page 2');
    await expect.poll(() => panel.getByRole('list', { name: 'Could not be placed' }).textContent()).toContain(LOST);
    await panel.getByRole('button', { name: /^Note/ }).click();
    await expect.poll(() => page.locator('.pdf-reader').getAttribute('data-page')).toBe('2');
    await page.locator('.page[data-page-number="2"] .pdf-annot-rect').first().waitFor();

    // A new note on a selection of page 1: typed, saved with Ctrl+Enter, shown in the panel.
    await page.getByRole('textbox', { name: 'Page number' }).fill('1');
    await page.keyboard.press('Enter');
    const textLayer = page.locator('.page[data-page-number="1"] .textLayer');
    await textLayer.locator('span').first().waitFor();
    const selected = await textLayer.evaluate(selectText, 12);
    await page.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: 'Add note' }).click();
    const editor = page.getByRole('dialog', { name: 'Note' });
    await editor.getByRole('textbox', { name: 'Note' }).fill('The title, to quote');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => editor.count()).toBe(0);
    const mine = panel.getByRole('listitem').filter({ hasText: selected });
    await expect.poll(() => mine.textContent()).toContain('The title, to quote');
    await page.locator('.page[data-page-number="1"] .pdf-annot-rect').first().waitFor();

    // Edited from the panel by keyboard; survives a reload.
    await mine.getByRole('button', { name: 'Edit note' }).focus();
    await page.keyboard.press('Enter');
    await editor.getByRole('textbox', { name: 'Note' }).fill('Title page');
    await editor.getByRole('button', { name: 'Save note' }).click();
    await page.reload();
    await pdfReady(page);
    await page.getByRole('button', { name: 'Annotations' }).click();
    await expect.poll(() => mine.textContent()).toContain('Title page');
    await expect.poll(() => page.locator('.page[data-page-number="1"] .pdf-annot-rect').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => panel.getByRole('list', { name: 'Could not be placed' }).textContent()).toContain(LOST);

    // An emptied note leaves a plain highlight; Escape closes the editor without saving.
    await mine.getByRole('button', { name: 'Edit note' }).click();
    await editor.getByRole('textbox', { name: 'Note' }).fill('');
    await editor.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => mine.getByRole('button', { name: /^Highlight/ }).count()).toBe(1);
    await mine.getByRole('button', { name: 'Add note' }).click();
    await editor.getByRole('textbox', { name: 'Note' }).fill('Not kept');
    await page.keyboard.press('Escape');
    await expect.poll(() => editor.count()).toBe(0);
    expect(await mine.textContent()).not.toContain('Not kept');

    // The lost highlight can be deleted by the user, and only then is it gone.
    await panel.getByRole('list', { name: 'Could not be placed' }).getByRole('button', { name: 'Delete highlight' }).click();
    await expect.poll(() => panel.getByRole('list', { name: 'Could not be placed' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('EPUB: a highlight from another edition is found by its quote in another chapter and drawn; a lost one and a bookmark past the book are listed; a note is added from the highlight menu', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await openWithAnnotations(context, { title: 'Three Harbours', fixture: 'pandoc-chapters.epub' }, [
      { id: '33333333-3333-4333-8333-333333333333', kind: 'highlight', anchor: { cfi: 'epubcfi(/6/10!/4/2,/1:0,/1:12)', page: null, quote: quote('This is chapter 2, called Second Tide.'), rects: null, label: 'Second Tide' } },
      { id: '44444444-4444-4444-8444-444444444444', kind: 'highlight', anchor: { cfi: 'epubcfi(/6/8!/4/2,/1:0,/1:12)', page: null, quote: quote(LOST), rects: null, label: 'Somewhere' } },
      { id: '55555555-5555-4555-8555-555555555555', kind: 'bookmark', anchor: { cfi: 'epubcfi(/6/40!/4/2/1:0)', page: null, quote: null, rects: null, label: 'Chapter 19' } },
    ]);
    const errors = pageErrors(page);
    await epubReady(page);
    await page.getByRole('button', { name: 'Annotations' }).click();
    const panel = page.getByRole('navigation', { name: 'Annotations' });
    const lost = panel.getByRole('list', { name: 'Could not be placed' });
    await expect.poll(() => lost.getByRole('listitem').count()).toBe(2);
    expect(await lost.textContent()).toContain(LOST);
    expect(await lost.textContent()).toContain('Chapter 19');
    await panel.getByRole('button', { name: /^Highlight/ }).click();
    const frameText = () => page.locator('.epub-viewer iframe').first().evaluate((f) => (f as HTMLIFrameElement).contentDocument?.body.textContent ?? '');
    await expect.poll(frameText).toContain('Second Tide');
    const mark = page.locator('.epub-viewer .annot-hl').first();
    await mark.waitFor({ state: 'attached' });

    const box = (await mark.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByRole('toolbar', { name: 'Highlight' }).getByRole('button', { name: 'Add note' }).click();
    await page.getByRole('dialog', { name: 'Note' }).getByRole('textbox', { name: 'Note' }).fill('Where the tide turns');
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => panel.getByRole('button', { name: /^Note/ }).textContent()).toContain('Where the tide turns');

    // A new note straight from a selection.
    const body = await page.locator('.epub-viewer iframe').first().evaluateHandle((f) => (f as HTMLIFrameElement).contentDocument!.body);
    const selected = await body.evaluate(selectText, 8);
    await page.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: 'Add note' }).click();
    await page.getByRole('dialog', { name: 'Note' }).getByRole('textbox', { name: 'Note' }).fill('Opening words');
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => panel.getByRole('listitem').filter({ hasText: 'Opening words' }).textContent()).toContain(selected);
    await page.reload();
    await epubReady(page);
    await page.getByRole('button', { name: 'Annotations' }).click();
    await expect.poll(() => panel.getByRole('button', { name: /^Note/ }).count()).toBe(2);
    expect(errors).toEqual([]);
    await context.close();
  });
});
