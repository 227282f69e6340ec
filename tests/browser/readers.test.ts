import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { ADMIN, baseUrl, firstRunAdmin, launch, openPage, pageErrors, signIn } from './browser';
import { chooseFolderAndScan, exportedDb, pickFixtureFolder } from './folder';
import { dingbatsPdf, encryptedPdf, writeLargePdf } from './makePdf';
import { FIXTURES, seedLibrary, type SeedBook } from './seedLibrary';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const GENERATED = mkdtempSync(join(tmpdir(), 'alex-readers-'));
/** A generated file as a seedLibrary fixture (it reads fixtures relative to tests/fixtures). */
function generated(name: string, bytes: Uint8Array): string {
  const path = join(GENERATED, name);
  writeFileSync(path, bytes);
  return relative(FIXTURES, path);
}

/** Seeds `books`, signs in, opens the first book's reader and waits until it is ready. */
async function openReader(context: BrowserContext, books: SeedBook[], which = 0) {
  const seeded = await seedLibrary(context, { books });
  const page = await openPage(context, '/login');
  await signIn(page, ADMIN.email, seeded.adminPassword);
  await page.waitForURL(/\/library/);
  const book = seeded.books[which]!;
  await page.goto(`${baseUrl()}/read/${book.id}`);
  return { page, book, books: seeded.books };
}

const pdfReady = (page: Page) => page.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 30_000 });
const epubReady = (page: Page) => page.waitForSelector('.epub-reader[data-status="ready"]', { timeout: 30_000 });
/** Waits until every position saved so far has been written to the database. */
const saved = (page: Page) => page.waitForSelector('.reader-page[data-save-state="saved"]', { timeout: 10_000 });

// Real Chromium on two shared cores: generous time, none of it asserted.
describe('PDF reader', { timeout: 120_000 }, () => {
  it('turns pages with "Next page", resumes at the same page after a reload, and saves progress', async () => {
    const context = await browser.newContext();
    const { page, book } = await openReader(context, [{ fixture: 'R-intro.pdf', title: 'An Introduction to R', pageCount: 113 }]);
    await pdfReady(page);
    const pageNumber = page.getByRole('textbox', { name: 'Page number' });
    await expect(pageNumber.inputValue()).resolves.toBe('1');
    await expect(page.locator('.page-of').textContent()).resolves.toBe('of 113');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => pageNumber.inputValue()).toBe('3');
    await saved(page);

    await page.reload();
    await pdfReady(page);
    await expect(page.getByRole('textbox', { name: 'Page number' }).inputValue()).resolves.toBe('3');
    // The page shown is page 3 itself, not just the number.
    await expect(page.locator('.pdf-container').evaluate((c) => {
      const p = c.querySelector('.page[data-page-number="3"]') as HTMLElement;
      return Math.abs(p.getBoundingClientRect().top - c.getBoundingClientRect().top) < p.getBoundingClientRect().height / 2;
    })).resolves.toBe(true);

    const db = await exportedDb(page);
    const row = await db.get<{ current_page: number; total_pages: number; percent_complete: number; status: string }>(
      'SELECT current_page, total_pages, percent_complete, status FROM reading_progress WHERE book_id = ?',
      [book.id],
    );
    expect(row).toEqual({ current_page: 3, total_pages: 113, percent_complete: 2.7, status: 'reading' });

    // The library card shows it; opening the book from there and going back returns to the library.
    await page.goto(`${baseUrl()}/library`);
    const bar = page.getByRole('progressbar', { name: `Progress in ${book.title}` });
    await expect.poll(() => bar.first().getAttribute('aria-valuenow')).toBe('3');
    await page.locator(`article[data-book-id="${book.id}"] a.book-link`).first().click();
    await page.waitForURL(new RegExp(`/read/${book.id}$`));
    await pdfReady(page);
    await expect(page.getByRole('textbox', { name: 'Page number' }).inputValue()).resolves.toBe('3');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.waitForURL(/\/library/);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('holds background work (the text index) from the opening to page 1 drawn, then lets it go', async () => {
    const context = await browser.newContext();
    // In the page from its start: when page 1 is fully drawn, and when a background job asking
    // for the opening lock (as the text index does before each page) gets it. The job asks once
    // the reader has asked for the lock (a state seen in navigator.locks.query()).
    await context.addInitScript(() => {
      const w = window as unknown as { __drawn?: number; __letGo?: number; __asked?: boolean };
      const has = (list?: { name?: string }[]) => (list ?? []).some((l) => l.name === 'alex-book-opening');
      new MutationObserver(() => {
        if (!w.__drawn && document.querySelector('.pdf-reader[data-rendered="true"]')) w.__drawn = performance.now();
        if (w.__asked || !document.querySelector('.reader-page')) return;
        w.__asked = true;
        void (async () => {
          for (;;) {
            const { held, pending } = await navigator.locks.query();
            if (has(held) || has(pending)) break;
            await new Promise((r) => requestAnimationFrame(r));
          }
          await navigator.locks.request('alex-book-opening', { mode: 'shared' }, () => void (w.__letGo = performance.now()));
        })();
      }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-rendered'] });
    });
    const { page } = await openReader(context, [{ fixture: 'R-intro.pdf', title: 'An Introduction to R', pageCount: 113 }]);
    await page.waitForFunction(() => (window as unknown as { __letGo?: number }).__letGo, null, { timeout: 60_000 });
    const { drawn, letGo } = await page.evaluate(() => {
      const w = window as unknown as { __drawn?: number; __letGo?: number };
      return { drawn: w.__drawn, letGo: w.__letGo };
    });
    expect(drawn).toBeGreaterThan(0);
    expect(letGo!).toBeGreaterThanOrEqual(drawn!);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('draws the first page on its own canvas in its place, then the viewer shows that page with its text selectable; scrolling loses no page', async () => {
    const context = await browser.newContext();
    // In the page from its start: the preview canvas's box when it is added and when it is taken
    // away, and page 1's box (both in the scroll container's content coordinates) at that moment.
    await context.addInitScript(() => {
      type Box = number[];
      const w = window as unknown as { __preview: { added?: Box; removed?: Box; page?: Box; drawnWhenRemoved?: boolean } };
      w.__preview = {};
      const styleBox = (el: HTMLElement): Box => ['left', 'top', 'width', 'height'].map((k) => parseFloat(el.style.getPropertyValue(k)));
      new MutationObserver((records) => {
        for (const r of records) {
          for (const n of r.addedNodes) if (n instanceof HTMLCanvasElement && n.classList.contains('pdf-page-preview')) w.__preview.added = styleBox(n);
          for (const n of r.removedNodes) {
            if (!(n instanceof HTMLCanvasElement && n.classList.contains('pdf-page-preview'))) continue;
            w.__preview.removed = styleBox(n);
            const c = document.querySelector('.pdf-container') as HTMLElement;
            const p = document.querySelector('.page[data-page-number="1"]') as HTMLElement | null;
            if (!p) continue;
            const cr = c.getBoundingClientRect();
            const pr = p.getBoundingClientRect();
            w.__preview.page = [pr.left - cr.left + c.scrollLeft + p.clientLeft, pr.top - cr.top + c.scrollTop + p.clientTop, p.clientWidth, p.clientHeight];
            w.__preview.drawnWhenRemoved = !!p.querySelector('.canvasWrapper canvas');
          }
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const { page } = await openReader(context, [{ fixture: 'R-intro.pdf', title: 'An Introduction to R', pageCount: 113 }]);
    await pdfReady(page);
    // The preview goes once the viewer's own page 1 is drawn.
    await page.waitForFunction(() => (window as unknown as { __preview: { removed?: unknown } }).__preview.removed, null, { timeout: 60_000 });
    const seen = await page.evaluate(() => (window as unknown as { __preview: { added?: number[]; removed?: number[]; page?: number[]; drawnWhenRemoved?: boolean } }).__preview);
    expect(seen.added).toBeDefined();
    expect(seen.drawnWhenRemoved).toBe(true);
    // Where it was put first, where it was when it went, and the viewer's page 1: the same box (no jump).
    for (const box of [seen.added!, seen.removed!]) seen.page!.forEach((v, i) => expect(Math.abs(box[i]! - v)).toBeLessThan(2));
    await expect(page.locator('.pdf-page-preview').count()).resolves.toBe(0);

    // The viewer's page 1 has its text layer, and nothing lies over it: the pointer reaches the text.
    const line = page.locator('.page[data-page-number="1"] .textLayer span', { hasText: 'Introduction' }).first();
    await line.waitFor({ timeout: 30_000 });
    await expect(line.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return el.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
    })).resolves.toBe(true);

    // Scrolling on draws the next pages.
    for (const n of [2, 3]) {
      await page.locator('.pdf-container').evaluate((c, n) => c.querySelector(`.page[data-page-number="${n}"]`)!.scrollIntoView(), n);
      await page.waitForSelector(`.page[data-page-number="${n}"] .canvasWrapper canvas`, { timeout: 30_000 });
    }
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('is ready even when its first-page preview never finishes (the viewer goes on without it), and draws the page once it can', async () => {
    const context = await browser.newContext();
    // Page 1 cannot be drawn, by the preview or the viewer, until its font file arrives: held here.
    const held: Route[] = [];
    let hold = true;
    await context.route('**/pdfjs/standard_fonts/**', (route) => (hold ? void held.push(route) : route.continue()));
    const { page } = await openReader(context, [{ fixture: generated('dingbats.pdf', dingbatsPdf()), path: 'dingbats.pdf', title: 'Dingbats' }]);
    await pdfReady(page);
    expect(held.length).toBeGreaterThan(0);
    await expect(page.locator('.pdf-reader').getAttribute('data-rendered')).resolves.toBeNull();
    await expect(page.getByRole('textbox', { name: 'Page number' }).inputValue()).resolves.toBe('1');

    hold = false;
    for (const route of held.splice(0)) await route.continue();
    await page.waitForSelector('.pdf-reader[data-rendered="true"]', { timeout: 30_000 });
    await page.waitForSelector('.page[data-page-number="1"] .canvasWrapper canvas', { timeout: 30_000 });
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('navigates by keyboard and page number, in continuous and single-page modes; the last page completes the book', async () => {
    const context = await browser.newContext();
    const { page, book } = await openReader(context, [{ fixture: 'amsldoc.pdf' }]);
    await pdfReady(page);
    const pageNumber = page.getByRole('textbox', { name: 'Page number' });
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => pageNumber.inputValue()).toBe('2');
    await page.keyboard.press('PageDown');
    await expect.poll(() => pageNumber.inputValue()).toBe('3');
    await page.keyboard.press('PageUp');
    await expect.poll(() => pageNumber.inputValue()).toBe('2');
    await pageNumber.fill('20');
    await pageNumber.press('Enter');
    await expect.poll(() => page.locator('.pdf-reader').getAttribute('data-page')).toBe('20');
    await page.keyboard.press('Home');
    await expect.poll(() => pageNumber.inputValue()).toBe('1');

    // Continuous mode virtualises: pages far from the viewport have no canvas. Page 1 is drawn
    // after its number shows (a busy machine failed here once), so wait for a canvas first.
    const canvases = page.locator('.pdfViewer .page canvas');
    await expect.poll(() => canvases.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await canvases.count()).toBeLessThan(12);

    await page.getByRole('button', { name: 'Single page' }).click();
    // Single-page mode shows one page at a time.
    await expect.poll(() => page.locator('.pdfViewer .page').count()).toBe(1);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => pageNumber.inputValue()).toBe('2');
    await page.keyboard.press('End');
    await expect.poll(() => pageNumber.inputValue()).toBe('44');
    await saved(page);
    const db = await exportedDb(page);
    expect(await db.get('SELECT current_page, percent_complete, status FROM reading_progress WHERE book_id = ?', [book.id])).toEqual({
      current_page: 44,
      percent_complete: 100,
      status: 'completed',
    });
    await context.close();
  });

  it('zooms with the buttons and keys between 50 and 400 %, fits width and page, and keeps the zoom', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const { page } = await openReader(context, [{ fixture: 'R-intro.pdf' }]);
    await pdfReady(page);
    const firstPage = page.locator('.pdfViewer .page[data-page-number="1"]');
    const width = () => firstPage.evaluate((p) => p.getBoundingClientRect().width);
    const zoomLabel = () => page.locator('.zoom-value').textContent();
    await page.getByRole('button', { name: 'Fit width' }).click();
    await expect.poll(width).toBeGreaterThan(1000);
    await page.getByRole('button', { name: 'Fit page' }).click();
    await expect.poll(width).toBeLessThan(700);

    const before = await width();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(width).toBeGreaterThan(before * 1.05);
    const zoomed = await width();
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    await expect.poll(width).toBeLessThan(zoomed * 0.95);

    // Down to the floor, and no further.
    for (let i = 0; i < 6; i++) await page.keyboard.press('-');
    await expect.poll(zoomLabel).toBe('50 %');
    expect(await page.getByRole('button', { name: 'Zoom out' }).isDisabled()).toBe(true);
    // 50 % → 400 % is 14 steps; one more does nothing.
    for (let i = 0; i < 15; i++) await page.getByRole('button', { name: 'Zoom in' }).click({ force: true });
    await expect.poll(zoomLabel).toBe('400 %');
    expect(await page.getByRole('button', { name: 'Zoom in' }).isDisabled()).toBe(true);
    await page.keyboard.press('+');
    await expect.poll(zoomLabel).toBe('400 %');

    // The zoom is a preference of this browser: the next open uses it.
    await page.keyboard.press('-');
    await expect.poll(zoomLabel).toBe('350 %');
    await page.reload();
    await pdfReady(page);
    await expect.poll(zoomLabel).toBe('350 %');
    await context.close();
  }, 120_000);

  it('renders crisp on a high-DPI screen (canvas pixels follow the device pixel ratio)', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, deviceScaleFactor: 2 });
    const { page } = await openReader(context, [{ fixture: 'R-intro.pdf' }]);
    await pdfReady(page);
    await page.getByRole('button', { name: 'Fit page' }).click();
    const canvas = page.locator('.pdfViewer .page[data-page-number="1"] canvas').first();
    await expect
      .poll(() => canvas.evaluate((c: HTMLCanvasElement) => Math.round((c.width / c.getBoundingClientRect().width) * 10) / 10))
      .toBe(2);
    await context.close();
  });

  it('searches with Ctrl+F: highlights, "n of N", Enter and Shift+Enter, Escape closes', async () => {
    const context = await browser.newContext();
    const { page } = await openReader(context, [{ fixture: 'R-intro.pdf' }]);
    await pdfReady(page);
    await page.keyboard.press('Control+f');
    const box = page.getByRole('searchbox', { name: 'Search in document' });
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await box.fill('regression');
    const count = page.getByTestId('match-count');
    await expect.poll(() => count.textContent(), { timeout: 45_000 }).toMatch(/^1 of \d+$/);
    const total = Number((await count.textContent())!.split(' of ')[1]);
    expect(total).toBeGreaterThan(30);
    await expect.poll(() => page.locator('.textLayer .highlight').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.textLayer .highlight.selected').count()).toBe(1);
    const firstHit = await page.getByRole('textbox', { name: 'Page number' }).inputValue();
    expect(Number(firstHit)).toBeGreaterThan(1);

    await box.press('Enter');
    await expect.poll(() => count.textContent()).toBe(`2 of ${total}`);
    await box.press('Shift+Enter');
    await expect.poll(() => count.textContent()).toBe(`1 of ${total}`);
    await box.press('Shift+Enter');
    await expect.poll(() => count.textContent()).toBe(`${total} of ${total}`);

    await box.fill('zzqxnotaword');
    await expect.poll(() => count.textContent(), { timeout: 45_000 }).toBe('No matches');

    await box.press('Escape');
    await expect.poll(() => box.count()).toBe(0);
    await expect.poll(() => page.locator('.textLayer .highlight').count()).toBe(0);
    await context.close();
  }, 120_000);

  it('shows the outline and jumps to a chapter; text can be selected and copied', async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const { page } = await openReader(context, [{ fixture: 'R-intro.pdf' }]);
    await pdfReady(page);
    await page.getByRole('button', { name: 'Outline' }).click();
    const outline = page.getByRole('navigation', { name: 'Outline' });
    await outline.getByRole('button', { name: '5 Arrays and matrices' }).click();
    await expect.poll(async () => Number(await page.getByRole('textbox', { name: 'Page number' }).inputValue())).toBeGreaterThan(15);

    // The text layer holds the page's text: select a line of it and copy it.
    await page.keyboard.press('Home');
    const line = page.locator('.page[data-page-number="1"] .textLayer span', { hasText: 'Introduction' }).first();
    await line.waitFor();
    await line.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const sel = getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
    });
    await page.keyboard.press('Control+c');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('Introduction');
    await context.close();
  });

  it('asks for the password of a protected PDF', async () => {
    const context = await browser.newContext();
    const { page } = await openReader(context, [{ fixture: generated('locked.pdf', encryptedPdf('letmein')), path: 'locked.pdf', title: 'Locked' }]);
    await page.getByRole('heading', { name: 'This PDF is password-protected' }).waitFor();
    await page.getByLabel('Password').fill('nope');
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByText('That password is not right. Try again.').waitFor();
    await page.getByLabel('Password').fill('letmein');
    await page.getByRole('button', { name: 'Open' }).click();
    await pdfReady(page);
    await expect.poll(() => page.locator('.textLayer').first().textContent()).toContain('Secret page');
    await context.close();
  });

  it('says so when the file is gone from the folder', async () => {
    const context = await browser.newContext();
    const seeded = await seedLibrary(context, { books: [{ fixture: 'TeXoutline.pdf', path: 'Gone/TeXoutline.pdf' }] });
    const page = await openPage(context, '/login');
    await signIn(page, ADMIN.email, seeded.adminPassword);
    await page.waitForURL(/\/library/);
    await page.evaluate(async () => {
      const imported = await (await navigator.storage.getDirectory()).getDirectoryHandle('imported');
      await imported.removeEntry('Gone', { recursive: true });
    });
    await page.goto(`${baseUrl()}/read/${seeded.books[0]!.id}`);
    await page.getByText('This file is no longer in your folder — reconnect or rescan').waitFor();
    // The catalogue still knows which book it was.
    await expect(page.locator('.reader-title').textContent()).resolves.toBe('TeXoutline');
    await page.getByRole('button', { name: 'Back' }).first().click();
    await page.waitForURL(/\/library/);
    await context.close();
  });

  it("compiles pdf.js's worker from V8's code cache when PDFs are opened again", async () => {
    // Chromium keeps no code cache for a worker's top-level script; the reader's worker imports
    // pdf.js's 1.2 MB worker module, which is code-cached from its second load (0.2-1.3 s of
    // compiling saved per open at load 15). A trace of each open shows whether V8 used the cache.
    const context = await browser.newContext();
    const { page } = await openReader(context, [{ fixture: 'R-intro.pdf', title: 'An Introduction to R', pageCount: 113 }]);
    await pdfReady(page);
    const cdp = await context.newCDPSession(page);
    const compiles: { consumed: boolean }[][] = [];
    // V8 writes the cache on a script's second load and reads it from the third: up to five opens.
    for (let open = 0; open < 5 && !compiles.at(-1)?.every((c) => c.consumed); open++) {
      await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: ['v8', 'disabled-by-default-v8.compile'] } });
      await page.reload();
      await pdfReady(page);
      const done = new Promise<{ stream?: string }>((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      const { stream } = await done;
      let json = '';
      for (;;) {
        const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle: stream!, size: 1 << 20 });
        json += base64Encoded ? Buffer.from(data, 'base64').toString() : data;
        if (eof) break;
      }
      await cdp.send('IO.close', { handle: stream! });
      const parsed = JSON.parse(json) as { traceEvents?: TraceEvent[] } | TraceEvent[];
      const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
      compiles.push(
        events
          .filter((e) => e.name === 'v8.compileModule' && /pdf\.worker/.test(e.args?.data?.url ?? ''))
          .map((e) => ({ consumed: (e.args?.data?.consumedCacheSize ?? 0) > 0 })),
      );
    }
    // Each open compiled pdf.js's worker, and the last one from the cache.
    expect(compiles.every((c) => c.length > 0), JSON.stringify(compiles)).toBe(true);
    expect(compiles.at(-1)!.every((c) => c.consumed), JSON.stringify(compiles)).toBe(true);
    await context.close();
  });
});

interface TraceEvent {
  name: string;
  args?: { data?: { url?: string; consumedCacheSize?: number } };
}

/** An EPUB 3 whose chapter carries a script, an inline handler and links out of the book. */
function hostileEpub(): Uint8Array {
  const chapter = (title: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>${title}</title></head>
<body><h1>${title}</h1>${body}</body></html>`;
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(`<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`),
    'OEBPS/content.opf': strToU8(`<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:alex-hostile</dc:identifier>
<dc:title>Hostile book</dc:title><dc:language>en</dc:language><meta property="dcterms:modified">2024-01-01T00:00:00Z</meta></metadata>
<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml" properties="scripted"/>
<item id="c2" href="c2.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>`),
    'OEBPS/nav.xhtml': strToU8(
      chapter('Contents', '<nav epub:type="toc"><ol><li><a href="c1.xhtml">One</a></li><li><a href="c2.xhtml">Two</a></li></ol></nav>'),
    ),
    'OEBPS/c1.xhtml': strToU8(
      chapter(
        'One',
        `<p>Plain text before the script.</p>
<script>try { localStorage.setItem('epub-script-ran', '1'); } catch (e) {} try { parent.document.title = 'pwned'; } catch (e) {} window.top.__epubScriptRan = true;</script>
<p><img src="missing.png" alt="x" onerror="localStorage.setItem('epub-onerror-ran','1')"/></p>
<p><a id="out" href="https://example.org/outside">An outside link</a> and <a id="js" href="javascript:localStorage.setItem('epub-js-link-ran','1')">a script link</a>.</p>`,
      ),
    ),
    'OEBPS/c2.xhtml': strToU8(chapter('Two', '<p>Second chapter.</p>')),
  };
  return zipSync(files as never);
}

describe('EPUB reader', { timeout: 120_000 }, () => {
  it('jumps to a chapter from the contents, highlights it, and reopens at the same CFI', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const { page, book } = await openReader(context, [{ fixture: 'developers-reference.epub', title: 'Debian Developer’s Reference' }]);
    await epubReady(page);
    const reader = page.locator('.epub-reader');
    const startCfi = await reader.getAttribute('data-cfi');
    expect(startCfi).toMatch(/^epubcfi\(/);

    await page.getByRole('button', { name: 'Contents' }).click();
    const toc = page.getByRole('navigation', { name: 'Table of contents' });
    const entries = toc.getByRole('button');
    expect(await entries.count()).toBeGreaterThan(5);
    const target = entries.nth(4);
    const label = (await target.textContent())!;
    await target.click();
    await expect.poll(() => reader.getAttribute('data-cfi')).not.toBe(startCfi);
    await expect.poll(() => toc.locator('[aria-current="true"]').textContent()).toBe(label);
    const cfi = (await reader.getAttribute('data-cfi'))!;
    await saved(page);

    await page.reload();
    await epubReady(page);
    await expect.poll(() => page.locator('.epub-reader').getAttribute('data-cfi')).toBe(cfi);
    // The percentage comes from locations (generated once, then read back from the cache).
    await expect.poll(() => page.getByTestId('epub-percent').textContent(), { timeout: 30_000 }).toMatch(/^\d+ %$/);

    const db = await exportedDb(page);
    const row = await db.get<{ epub_location: string; status: string; percent_complete: number }>(
      'SELECT epub_location, status, percent_complete FROM reading_progress WHERE book_id = ?',
      [book.id],
    );
    expect(row?.epub_location).toBe(cfi);
    expect(row?.status).toBe('reading');
    await context.close();
  });

  it('turns pages with keys, page edges and chapters; text size and theme stay in this browser', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const { page } = await openReader(context, [{ fixture: 'live-manual.en.epub' }]);
    await epubReady(page);
    const reader = page.locator('.epub-reader');
    const cfi = () => reader.getAttribute('data-cfi');
    const c0 = await cfi();
    await page.keyboard.press('ArrowRight');
    await expect.poll(cfi).not.toBe(c0);
    const c1 = await cfi();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(cfi).toBe(c0);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(cfi).toBe(c1);
    // A click on the right quarter of the page itself turns it too.
    const frame = page.frameLocator('.epub-viewer iframe').first();
    const box = (await page.locator('.epub-viewer').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.92, box.y + box.height * 0.5);
    await expect.poll(cfi).not.toBe(c1);
    await page.getByRole('button', { name: 'Next chapter' }).click();
    await expect.poll(async () => (await cfi())!.split('!')[0]).not.toBe(c1!.split('!')[0]);

    await page.getByRole('button', { name: 'Display settings' }).click();
    const size = page.locator('.font-value');
    await expect(size.textContent()).resolves.toBe('100 %');
    await page.getByRole('button', { name: 'Larger text' }).click();
    await page.getByRole('button', { name: 'Larger text' }).click();
    await expect.poll(() => size.textContent()).toBe('120 %');
    await page.getByRole('radio', { name: 'Sepia' }).click();
    await expect.poll(() => reader.getAttribute('data-theme')).toBe('sepia');
    await expect.poll(() => frame.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(244, 236, 216)');

    await page.reload();
    await epubReady(page);
    await expect(page.locator('.epub-reader').getAttribute('data-theme')).resolves.toBe('sepia');
    await page.getByRole('button', { name: 'Display settings' }).click();
    await expect(page.locator('.font-value').textContent()).resolves.toBe('120 %');
    await expect
      .poll(() => page.frameLocator('.epub-viewer iframe').first().locator('body').evaluate((b) => getComputedStyle(b).fontSize))
      .toBe('19.2px');

    await page.getByRole('radio', { name: 'Scrolled' }).click();
    await expect.poll(() => page.locator('.epub-reader').getAttribute('data-flow')).toBe('scrolled');
    await epubReady(page);
    await context.close();
  });

  it('on a phone, swiping turns the page and the contents open over the page', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const { page } = await openReader(context, [{ fixture: 'developers-reference.epub' }]);
    await epubReady(page);
    const reader = page.locator('.epub-reader');
    const c0 = await reader.getAttribute('data-cfi');
    const cdp = await context.newCDPSession(page);
    const swipe = async (fromX: number, toX: number) => {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: fromX, y: 420 }] });
      for (let i = 1; i <= 5; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: fromX + ((toX - fromX) * i) / 5, y: 422 }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    };
    await swipe(320, 80);
    await expect.poll(() => reader.getAttribute('data-cfi')).not.toBe(c0);
    await swipe(80, 320);
    await expect.poll(() => reader.getAttribute('data-cfi')).toBe(c0);

    await page.getByRole('button', { name: 'Contents' }).click();
    await page.getByRole('navigation', { name: 'Table of contents' }).waitFor();
    // A tap beside the panel closes it.
    await page.mouse.click(370, 500);
    await expect.poll(() => page.getByRole('navigation', { name: 'Table of contents' }).count()).toBe(0);
    await context.close();
  });

  it("never runs a book's scripts, and opens outside links in a new tab without an opener", async () => {
    const context = await browser.newContext();
    await context.route('https://example.org/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>outside</title>outside' }));
    const { page } = await openReader(context, [{ fixture: generated('hostile.epub', hostileEpub()), path: 'hostile.epub', title: 'Hostile book' }]);
    await epubReady(page);
    const iframe = page.locator('.epub-viewer iframe').first();
    const sandbox = await iframe.getAttribute('sandbox');
    expect(sandbox).not.toBeNull();
    expect(sandbox).not.toContain('allow-scripts');
    const frame = page.frameLocator('.epub-viewer iframe').first();
    await frame.getByText('Plain text before the script.').waitFor();
    await page.waitForTimeout(500);
    expect(
      await page.evaluate(() => ({
        storage: localStorage.getItem('epub-script-ran') ?? localStorage.getItem('epub-onerror-ran'),
        title: document.title,
        flag: (window as { __epubScriptRan?: boolean }).__epubScriptRan ?? null,
      })),
    ).toEqual({ storage: null, title: 'Hostile book · Alex', flag: null });

    const out = frame.locator('#out');
    await expect(out.getAttribute('target')).resolves.toBe('_blank');
    await expect(out.getAttribute('rel')).resolves.toContain('noopener');
    const [popup] = await Promise.all([context.waitForEvent('page'), out.click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe('https://example.org/outside');
    expect(await popup.evaluate(() => window.opener)).toBeNull();
    await popup.close();

    await frame.locator('#js').click();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => localStorage.getItem('epub-js-link-ran'))).toBeNull();
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});

describe('book files', { timeout: 120_000 }, () => {
  it('opens a book straight from the picked folder', async () => {
    const context = await browser.newContext();
    await pickFixtureFolder(context, [{ fixture: 'TeXoutline.pdf', path: 'Science/Notes/TeXoutline.pdf' }]);
    const page = await openPage(context, '/login');
    await firstRunAdmin(page);
    await chooseFolderAndScan(page);
    const db = await exportedDb(page);
    const book = await db.get<{ id: string }>("SELECT id FROM books WHERE file_path = 'Science/Notes/TeXoutline.pdf'");
    expect(book).toBeDefined();
    await page.goto(`${baseUrl()}/read/${book!.id}`);
    await pdfReady(page);
    await expect(page.locator('.page-of').textContent()).resolves.toBe('of 1');
    await context.close();
  });

  it('offline, a book opens from OPFS in ranges and its progress saves, with no network request', async () => {
    const context = await browser.newContext();
    const bigPath = join(GENERATED, 'big.pdf');
    writeLargePdf(bigPath, 12 * 1024 * 1024, 30);
    const big = relative(FIXTURES, bigPath);
    const seeded = await seedLibrary(context, {
      books: [
        { fixture: big, path: 'Big/generated.pdf', title: 'Generated' },
        { fixture: 'live-manual.en.epub', title: 'Live manual' },
      ],
    });
    // Counts the bytes the page reads from files, to see that a PDF is read in ranges.
    await context.addInitScript(() => {
      const original = Blob.prototype.arrayBuffer;
      const w = window as unknown as { __bytesRead: number; __largestRead: number };
      w.__bytesRead = 0;
      w.__largestRead = 0;
      Blob.prototype.arrayBuffer = function (this: Blob) {
        w.__bytesRead += this.size;
        w.__largestRead = Math.max(w.__largestRead, this.size);
        return original.call(this);
      };
    });
    const page = await openPage(context, '/login');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const failed: string[] = [];
    // Offline, anything not served by the service worker or OPFS fails (ERR_INTERNET_DISCONNECTED);
    // ERR_ABORTED is a load cut short by the next navigation, not a network need.
    page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && failed.push(`${r.url()} ${r.failure()?.errorText}`));
    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 30_000 });
    await signIn(page, ADMIN.email, seeded.adminPassword);
    await page.waitForURL(/\/library/);

    await page.goto(`${baseUrl()}/read/${seeded.books[0]!.id}`);
    await pdfReady(page);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Page number' }).inputValue()).toBe('2');
    await expect.poll(() => page.locator('.page[data-page-number="2"] .textLayer').textContent()).toContain('Generated page 2');
    await saved(page);
    const read = await page.evaluate(() => {
      const w = window as unknown as { __bytesRead: number; __largestRead: number };
      return { __bytesRead: w.__bytesRead, __largestRead: w.__largestRead };
    });
    // Pages 1–3 and the page tree were read, in small ranges, not the whole 12 MB file.
    expect(read.__largestRead).toBeLessThan(seeded.books[0]!.fileSize / 10);
    expect(read.__bytesRead).toBeLessThan(seeded.books[0]!.fileSize / 2);
    await page.reload();
    await pdfReady(page);
    await expect(page.getByRole('textbox', { name: 'Page number' }).inputValue()).resolves.toBe('2');

    await page.goto(`${baseUrl()}/read/${seeded.books[1]!.id}`);
    await epubReady(page);
    await page.keyboard.press('ArrowRight');
    await saved(page);
    expect(failed).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
