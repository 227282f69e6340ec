/**
 * Search inside books (issue #16) as a user meets it: the background index on real fixture
 * books, the library's "In the text" rows, opening a hit in both readers, the index surviving a
 * reload (it goes on, it does not start again), and books added to or removed from the folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, baseUrl, firstRunAdmin, launch, openPage, pageErrors, signIn } from './browser';
import { buildLibrary, FIXTURES, installLibrary } from './libraryFixtures';
import { chooseFolderAndScan, pickFixtureFolder, removeFolderFiles, scanNow, writeFolderFiles } from './folder';
import { openBookText } from '../../src/fulltext/bookText';
import { findMatches } from '../../src/fulltext/findMatches';
import { parseTextQuery } from '../../src/fulltext/textQuery';
import { epubPlace } from '../../src/fulltext/sectionKey';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { corsXml, S3RVER_KEYS, startS3 } from '../unit/s3server';
import { fillBucketForm } from './browserWithBucket';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The sections of a fixture whose text holds the query, its occurrences and all its sections, read in Node without the index. */
async function sectionsWith(fixture: string, q: string): Promise<number[] & { matches: number; all: number[] }> {
  const type = fixture.endsWith('.pdf') ? 'pdf' : 'epub';
  const text = await openBookText(new Blob([readFileSync(join(FIXTURES, fixture))]), type);
  const { phrases } = parseTextQuery(q);
  const found = Object.assign([] as number[], { matches: 0, all: [] as number[] });
  for (let u = 0; u < text.units; u++)
    for (const s of await text.unit(u)) {
      const n = findMatches(s.text, phrases).length;
      if (n) found.push(s.section);
      found.matches += n;
      found.all.push(s.section);
    }
  await text.close();
  return found;
}

const matchesLabel = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'match' : 'matches'}`;

async function waitForIndex(page: Page, settled: number, total: number) {
  if (!page.url().endsWith('/admin/library')) await page.goto(`${baseUrl()}/admin/library`);
  await expect.poll(() => page.getByTestId('text-index-count').textContent(), { timeout: 150_000 }).toBe(`Text index: ${settled} of ${total} books`);
}

async function search(page: Page, q: string) {
  if (!/\/library/.test(page.url()) || page.url().includes('/admin/')) await page.goto(`${baseUrl()}/library`);
  await page.getByRole('searchbox', { name: 'Search' }).fill(q);
  await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
}

const hits = (page: Page) => page.getByTestId('in-the-text').getByTestId('text-hit');

describe('search inside books', () => {
  it('indexes the books, finds a phrase only in a body with its count and snippet, and opens the PDF and the EPUB at the match, marked; a regular user finds the same', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const lib = await buildLibrary({
      books: [
        { title: 'An Introduction to R', author: 'W. N. Venables', fixture: 'R-intro.pdf' },
        { title: 'Live Systems Manual', author: 'Debian', fixture: 'live-manual.en.epub' },
        { title: 'Tides', fixture: 'pandoc-chapters.epub' },
      ],
      users: [{ email: 'reader@example.org', password: 'reader-password-1', displayName: 'Reader', role: 'user' }],
    });
    await installLibrary(context, lib);
    const page = await openPage(context, '/login');
    await signIn(page, ADMIN.email, 'admin-password-1');
    await page.waitForURL(/\/library$/);
    await waitForIndex(page, 3, 3);
    await expect(page.getByTestId('text-index-activity').textContent()).resolves.toBe('Every book is indexed. New books are indexed after each scan.');

    // PDF: a phrase of the body (not a title or author): no title matches, one book in the text.
    const pdfQ = '"reading data from files"';
    const pages = await sectionsWith('R-intro.pdf', pdfQ);
    expect(pages.length).toBeGreaterThan(1);
    await search(page, pdfQ);
    await page.getByTestId('no-match').waitFor();
    await expect.poll(() => hits(page).count(), { timeout: 30_000 }).toBe(1);
    const row = hits(page).first();
    await expect(row.locator('.title').textContent()).resolves.toBe('An Introduction to R');
    // The list comes first, the occurrences once counted, and the page once the snippet is read from the book.
    await expect.poll(() => row.getByTestId('text-hit-count').textContent(), { timeout: 30_000 }).toBe(`${matchesLabel(pages.matches)} · first on page ${pages[0]}`);
    await expect.poll(() => row.locator('.snippet mark').first().textContent(), { timeout: 30_000 }).toMatch(/^reading data from files$/i);
    expect(pages.matches).toBeGreaterThanOrEqual(pages.length);
    // No title matches but the text does: the notice is one line and the text results are in view
    // without scrolling, on a desktop and on a phone, light or dark.
    await expect(page.getByTestId('no-match').textContent()).resolves.toBe('No titles or authors match.');
    for (const [width, height, scheme] of [[1280, 900, 'light'], [390, 844, 'dark']] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await expect.poll(() => row.locator('.snippet').boundingBox().then((b) => (b ? b.y + b.height : Infinity))).toBeLessThan(height);
      if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/in-text-${width}-${scheme}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });

    await row.click();
    await page.waitForURL(new RegExp(`/read/${lib.books[0]!.id}\\?at=${pages[0]}&find=`));
    await expect.poll(() => page.getByRole('textbox', { name: 'Page number' }).inputValue(), { timeout: 60_000 }).toBe(String(pages[0]));
    await expect.poll(() => page.getByTestId('match-count').textContent(), { timeout: 60_000 }).toMatch(/^1 of \d+$/);
    await expect.poll(() => page.locator('.textLayer .highlight').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const marked = await page.locator('.textLayer .highlight').allTextContents();
    expect(marked.join(' ').toLowerCase()).toContain('reading');

    // EPUB: the rows count passages; opening goes to the chapter and marks every match in it.
    const epubQ = '"called Second Tide"';
    const passages = await sectionsWith('pandoc-chapters.epub', epubQ);
    expect(passages).toHaveLength(1);
    await search(page, epubQ);
    await expect.poll(() => hits(page).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => hits(page).first().getByTestId('text-hit-count').textContent(), { timeout: 30_000 }).toBe(matchesLabel(passages.matches));
    await expect.poll(() => hits(page).first().locator('.snippet mark').first().textContent(), { timeout: 30_000 }).toBe('called Second Tide');
    await hits(page).first().click();
    await page.waitForURL(new RegExp(`/read/${lib.books[2]!.id}\\?at=${passages[0]}&`));
    await expect.poll(() => page.locator('.alex-text-hit').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const chapter = page.frameLocator('iframe').first().locator('body');
    await expect.poll(() => chapter.textContent(), { timeout: 30_000 }).toContain('This is chapter 2, called Second Tide.');

    // A hit followed before its snippet said which section: the address names the sections of the
    // index's row, and the reader looks on from the first to the one that has the words.
    const before = passages.all.filter((s) => s < passages[0]!).at(-1)!;
    expect(before).toBeDefined();
    await page.goto(`${baseUrl()}/read/${lib.books[2]!.id}?at=${before},${passages[0]}&find=${encodeURIComponent(epubQ)}`);
    await expect.poll(() => page.locator('.alex-text-hit').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => chapter.textContent(), { timeout: 30_000 }).toContain('This is chapter 2, called Second Tide.');

    // Every match of the book, not only the chapter's: "n of N", stepped through across chapters
    // (Next past the last goes back to the first), each chapter's marked when shown.
    const every = await sectionsWith('pandoc-chapters.epub', 'chapter');
    expect(new Set(every.map((s) => epubPlace(s).spineIndex)).size).toBeGreaterThan(1);
    await page.goto(`${baseUrl()}/read/${lib.books[2]!.id}?at=${every[0]}&find=chapter`);
    const count = page.getByTestId('match-count');
    await expect.poll(() => count.textContent(), { timeout: 60_000 }).toBe(`1 of ${every.matches}`);
    const chapterShown = async () => (await page.locator('.epub-reader').getAttribute('data-cfi'))?.split('!')[0];
    const firstChapter = await chapterShown();
    for (let i = 2; i <= every.matches; i++) {
      await page.getByRole('button', { name: 'Next match' }).click();
      await expect.poll(() => count.textContent()).toBe(`${i} of ${every.matches}`);
    }
    await expect.poll(chapterShown, { timeout: 30_000 }).not.toBe(firstChapter);
    await expect.poll(() => page.locator('.alex-text-hit').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Next match' }).click();
    await expect.poll(() => count.textContent()).toBe(`1 of ${every.matches}`);
    await expect.poll(chapterShown, { timeout: 30_000 }).toBe(firstChapter);

    await page.goto(`${baseUrl()}/read/${lib.books[0]!.id}?at=${pages[0]! - 1},${pages[0]}&find=${encodeURIComponent(pdfQ)}`);
    await expect.poll(() => page.getByTestId('match-count').textContent(), { timeout: 60_000 }).toMatch(/^1 of \d+$/);
    await expect.poll(() => page.getByRole('textbox', { name: 'Page number' }).inputValue(), { timeout: 60_000 }).toBe(String(pages[0]));

    // Every signed-in user searches the whole library (the library has no per-book access rule).
    await page.goto(`${baseUrl()}/library`);
    await page.getByRole('button', { name: /^Account menu of/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await signIn(page, 'reader@example.org', 'reader-password-1');
    await page.waitForURL(/\/library$/);
    await search(page, pdfQ);
    await expect.poll(() => hits(page).count(), { timeout: 30_000 }).toBe(1);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  }, 360_000);

  it('keeps the index across a reload (paused, then resumed where it stopped), indexes a book added later and forgets a removed one', async () => {
    const context = await browser.newContext();
    await pickFixtureFolder(context, [
      { path: 'a/amsldoc.pdf', fixture: 'amsldoc.pdf' },
      { path: 'b/R-intro.pdf', fixture: 'R-intro.pdf' },
      { path: 'c/developers-reference.epub', fixture: 'developers-reference.epub' },
    ]);
    // Every count the panel ever shows, in every page of the context.
    await context.addInitScript(() => {
      const seen: string[] = ((window as unknown as { __counts: string[] }).__counts = []);
      new MutationObserver(() => {
        const t = document.querySelector('[data-testid="text-index-count"]')?.textContent;
        if (t && seen[seen.length - 1] !== t) seen.push(t);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const page = await openPage(context, '/login');
    await firstRunAdmin(page);
    await chooseFolderAndScan(page);
    const count = page.getByTestId('text-index-count');
    await expect.poll(() => count.textContent(), { timeout: 150_000 }).toMatch(/^Text index: [12] of 3 books$/);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toMatch(/^Text index: [123] of 3 books( \(paused\))?$/);
    // The book being read when Pause was pressed may still be saved: read the count once the
    // indexer has stopped, not while it winds down.
    await expect.poll(() => count.getAttribute('data-running'), { timeout: 60_000 }).toBe('false');
    const before = Number(/(\d) of/.exec((await count.textContent())!)![1]);

    await page.reload();
    await expect.poll(() => count.textContent(), { timeout: 60_000 }).toMatch(/ of 3 books/);
    const afterReload = Number(/(\d) of/.exec((await count.textContent())!)![1]);
    expect(afterReload).toBe(before);
    if (before < 3) await page.getByRole('button', { name: 'Resume' }).click();
    await waitForIndex(page, 3, 3);
    const counts = await page.evaluate(() => (window as unknown as { __counts: string[] }).__counts);
    // Since the reload the index only went forward from where it was.
    expect(counts.filter((c) => / of 3 /.test(c)).map((c) => Number(/(\d) of/.exec(c)![1]))).toEqual(expect.arrayContaining([before]));
    for (const c of counts) if (/ of 3 /.test(c)) expect(Number(/(\d) of/.exec(c)![1])).toBeGreaterThanOrEqual(before);

    await search(page, '"reading data from files"');
    await expect.poll(() => hits(page).count(), { timeout: 30_000 }).toBe(1);

    // Removed from the folder: the next scan drops it from the library and the index.
    await removeFolderFiles(page, ['b/R-intro.pdf']);
    await page.goto(`${baseUrl()}/admin/library`);
    await scanNow(page);
    await waitForIndex(page, 2, 2);
    await search(page, '"reading data from files"');
    await page.getByTestId('no-match').waitFor();
    await expect.poll(() => hits(page).count(), { timeout: 30_000 }).toBe(0);

    // Added to the folder: indexed after the scan that finds it.
    await writeFolderFiles(page, [{ path: 'd/tides.epub', fixture: 'pandoc-chapters.epub' }]);
    await page.goto(`${baseUrl()}/admin/library`);
    await scanNow(page);
    await waitForIndex(page, 3, 3);
    await search(page, '"called Second Tide"');
    await expect.poll(() => hits(page).count(), { timeout: 30_000 }).toBe(1);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  }, 360_000);

  it('lists the first 30 books of a common phrase, and "More books" (by keyboard) adds the next ones, focus on the first new one', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // 34 books of the same small EPUB under different paths: each its own content hash, so 34 books in the index.
    const lib = await buildLibrary({ books: Array.from({ length: 34 }, (_, i) => ({ title: `Tides ${String(i + 1).padStart(2, '0')}`, fixture: 'pandoc-chapters.epub' })) });
    await installLibrary(context, lib);
    const page = await openPage(context, '/login');
    await signIn(page, ADMIN.email, 'admin-password-1');
    await page.waitForURL(/\/library$/);
    await waitForIndex(page, 34, 34);
    await search(page, '"called Second Tide"');
    await expect.poll(() => hits(page).count(), { timeout: 30_000 }).toBe(30);
    const more = page.getByTestId('in-the-text').getByRole('button', { name: 'More books' });
    await more.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => hits(page).count(), { timeout: 30_000 }).toBe(34);
    await expect(more.count()).resolves.toBe(0);
    const titles = await hits(page).locator('.title').allTextContents();
    expect(new Set(titles).size).toBe(34);
    // Keyboard users go on from the first book the button added.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain(titles[30]!);
    // Books added by "More" are counted too.
    await expect.poll(() => hits(page).nth(33).getByTestId('text-hit-count').textContent(), { timeout: 30_000 }).toMatch(/^\d+ match(es)?$/);
    // Every row the user scrolls to has its snippet (each is read from its book as it comes near).
    for (const n of [20, 33]) {
      await hits(page).nth(n).scrollIntoViewIfNeeded();
      await expect.poll(() => hits(page).nth(n).locator('.snippet mark').first().textContent(), { timeout: 30_000 }).toBe('called Second Tide');
    }
    // A new query starts from its first page again.
    await search(page, '"called First Light"');
    await expect.poll(() => hits(page).count(), { timeout: 30_000 }).toBe(30);
    await expect(more.isVisible()).resolves.toBe(true);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  }, 300_000);

  it('a book that cannot be read now (its file gone since it was indexed) keeps its row without a snippet; the others keep theirs; no error reaches the page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // The same small EPUB twice (its hash includes the path): two books in the index. Imported
    // copies, so no automatic scan notices the removal and takes the book out first.
    const lib = await buildLibrary({
      books: [
        { title: 'Tides kept', fixture: 'pandoc-chapters.epub' },
        { title: 'Tides gone', fixture: 'pandoc-chapters.epub' },
      ],
    });
    await installLibrary(context, lib);
    const page = await openPage(context, '/login');
    await signIn(page, ADMIN.email, 'admin-password-1');
    await page.waitForURL(/\/library$/);
    await waitForIndex(page, 2, 2);
    await page.evaluate(async (path) => {
      let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('imported');
      const parts = path.split('/');
      for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
      await dir.removeEntry(parts.at(-1)!);
    }, lib.files[1]!.path);

    await search(page, '"called Second Tide"');
    await expect.poll(() => hits(page).count(), { timeout: 30_000 }).toBe(2);
    const kept = hits(page).filter({ hasText: 'Tides kept' });
    const gone = hits(page).filter({ hasText: 'Tides gone' });
    await expect.poll(() => kept.getAttribute('data-snippet'), { timeout: 60_000 }).toBe('shown');
    await expect.poll(() => gone.getAttribute('data-snippet'), { timeout: 60_000 }).toBe('none');
    await expect(kept.locator('.snippet mark').first().textContent()).resolves.toBe('called Second Tide');
    await expect(gone.locator('.snippet').count()).resolves.toBe(0);
    await expect.poll(() => gone.getByTestId('text-hit-count').textContent(), { timeout: 30_000 }).toMatch(/^\d+ match(es)?$/);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('indexes books from the S3 bucket (a PDF read by ranges for the reader, fetched whole for the index) and finds their text', async () => {
    const s3 = await startS3([{ name: 'books', cors: corsXml(baseUrl()) }]);
    const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_KEYS });
    try {
      for (const [key, name] of [['shelf/amsldoc.pdf', 'amsldoc.pdf'], ['shelf/tides.epub', 'pandoc-chapters.epub']])
        await client.send(new PutObjectCommand({ Bucket: 'books', Key: key, Body: readFileSync(join(FIXTURES, name)) }));
      const context = await browser.newContext();
      const page = await openPage(context, '/login');
      await firstRunAdmin(page);
      await page.goto(`${baseUrl()}/admin/library`);
      await fillBucketForm(page, s3.endpoint, 'books');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByTestId('s3-status').waitFor();
      await page.getByRole('button', { name: 'Poll now' }).click();
      await expect.poll(() => page.getByTestId('s3-status').textContent(), { timeout: 60_000 }).toMatch(/2 books from the bucket/);
      await waitForIndex(page, 2, 2);

      const q = '"centered independently within the display width"';
      const pages = await sectionsWith('amsldoc.pdf', q);
      expect(pages.length).toBeGreaterThan(0);
      await search(page, q);
      await expect.poll(() => hits(page).count(), { timeout: 30_000 }).toBe(1);
      await expect.poll(() => hits(page).first().getByTestId('text-hit-count').textContent(), { timeout: 30_000 }).toBe(`${matchesLabel(pages.matches)} · first on page ${pages[0]}`);
      await expect.poll(() => hits(page).first().locator('.snippet mark').first().textContent(), { timeout: 30_000 }).toMatch(/^centered independently within the display width$/i);
      await search(page, '"called Second Tide"');
      await expect.poll(() => hits(page).count(), { timeout: 30_000 }).toBe(1);
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    } finally {
      client.destroy();
      await s3.close();
    }
  }, 300_000);
});
