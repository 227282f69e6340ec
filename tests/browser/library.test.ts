import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN, baseUrl, launch, openPage, pageErrors, signIn } from './browser';
import { buildLibrary, installLibrary, type LibraryBook } from './libraryFixtures';
import { chooseFolderAndScan, pickFixtureFolder } from './folder';
import { upsertProgress } from '../../src/db/queries/progress';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const BOOKS: LibraryBook[] = [
  { title: 'Germinal', author: 'Émile Zola', fileType: 'epub' },
  { title: 'Nana', author: 'Émile Zola', fileType: 'pdf' },
  { title: 'Émile, or On Education', author: 'Jean-Jacques Rousseau', fileType: 'pdf' },
  { title: 'Madame Bovary', author: 'Gustave Flaubert', fileType: 'epub' },
  { title: 'Walden', author: 'Henry David Thoreau', fileType: 'pdf' },
  { title: 'Beowulf', author: null, fileType: 'epub' },
  { title: 'An Introduction to R', author: 'W. N. Venables', fixture: 'R-intro.pdf' },
];

/** Signs in to a library where Walden is being read and Beowulf is finished. */
async function libraryPage(context: BrowserContext, books = BOOKS): Promise<Page> {
  const lib = await buildLibrary({
    books,
    extra: async (db, users) => {
      const id = async (title: string) => (await db.get<{ id: string }>('SELECT id FROM books WHERE title = ?', [title]))!.id;
      const p = { currentPage: null, totalPages: null, epubLocation: null };
      if (books !== BOOKS) return;
      await upsertProgress(db, users[ADMIN.email]!, await id('Walden'), { ...p, percentComplete: 42, status: 'reading', lastReadAt: 1_760_000_000 });
      await upsertProgress(db, users[ADMIN.email]!, await id('Beowulf'), { ...p, percentComplete: 100, status: 'completed', lastReadAt: 1_759_000_000 });
    },
  });
  await installLibrary(context, lib);
  const page = await openPage(context, '/login');
  await signIn(page, ADMIN.email, 'admin-password-1');
  await page.waitForURL(/\/library$/);
  await gridTitles(page);
  return page;
}

const grid = (page: Page) => page.getByRole('list', { name: /All books|Search results/ });
const count = (page: Page) => page.getByTestId('result-count');
const search = (page: Page) => page.getByRole('searchbox', { name: 'Search' });

/** The titles in the grid, in order, once it has settled. */
async function gridTitles(page: Page): Promise<string[]> {
  await page.waitForFunction(() => {
    const g = document.querySelector('.book-grid');
    return g && g.getAttribute('aria-busy') === 'false' && !g.querySelector('.card-skeleton');
  });
  return grid(page).locator('.book-title').allTextContents();
}

/** Waits until the count above the grid reads `text` (it is drawn apart from the cards). */
async function expectCount(page: Page, text: string) {
  await expect.poll(() => count(page).textContent(), { timeout: 15_000 }).toBe(text);
}

/** Waits until the grid shows exactly these titles (in this order). */
async function expectGrid(page: Page, titles: string[]) {
  await expect.poll(() => gridTitles(page), { timeout: 15_000 }).toEqual(titles);
}

describe('library page', () => {
  it('shows Now Reading apart from the grid, with covers or placeholders, progress and format', async () => {
    const context = await browser.newContext();
    const page = await libraryPage(context);
    const shelf = page.getByRole('region', { name: 'Now Reading' });
    // The shelf is its own query: it may come after the grid.
    await expect.poll(() => shelf.locator('.book-title').allTextContents(), { timeout: 15_000 }).toEqual(['Walden']);
    await expect.poll(() => shelf.getByRole('progressbar', { name: 'Progress in Walden' }).getAttribute('aria-valuenow')).toBe('42');
    // Newest first, without the book on the shelf.
    await expectGrid(page, ['An Introduction to R', 'Beowulf', 'Madame Bovary', 'Émile, or On Education', 'Nana', 'Germinal']);
    await expectCount(page, '6 books');
    const beowulf = grid(page).getByRole('listitem').filter({ hasText: 'Beowulf' });
    await beowulf.getByText('Read', { exact: true }).waitFor();
    await expect(beowulf.locator('.format-badge').textContent()).resolves.toBe('EPUB');
    await expect(beowulf.locator('.cover-placeholder').textContent()).resolves.toBe('Beowulf');
    // Each card is a link to the reader whose name includes the title.
    const link = page.getByRole('link', { name: /^Madame Bovary/ });
    expect(await link.getAttribute('href')).toMatch(/^\/read\/[0-9a-f-]{36}$/);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('search, filters and sort live in the URL: reload and back/forward keep them', async () => {
    const context = await browser.newContext();
    const page = await libraryPage(context);

    await search(page).fill('emile');
    await page.waitForURL(/\?q=emile$/);
    // Accents and case ignored, prefixes match; the shelf hides and the book being read could match.
    await expectGrid(page, ['Émile, or On Education', 'Nana', 'Germinal']);
    await expectCount(page, '3 books');
    await page.getByRole('region', { name: 'Now Reading' }).waitFor({ state: 'detached' });

    await page.getByLabel('Format').selectOption('pdf');
    await page.waitForURL(/format=pdf/);
    await expectGrid(page, ['Émile, or On Education', 'Nana']);
    await page.getByLabel('Sort by').selectOption('title');
    await page.waitForURL(/sort=title/);
    await expectGrid(page, ['Émile, or On Education', 'Nana']);
    await page.getByLabel('Sort by').selectOption('author');
    await expectGrid(page, ['Nana', 'Émile, or On Education']); // Émile Zola before Jean-Jacques

    await page.reload();
    await expectGrid(page, ['Nana', 'Émile, or On Education']);
    await expect.poll(() => search(page).inputValue()).toBe('emile');
    await expect.poll(() => page.getByLabel('Format').inputValue()).toBe('pdf');
    await expect.poll(() => page.getByLabel('Sort by').inputValue()).toBe('author');

    await page.goBack();
    await page.goBack();
    await page.waitForURL((u) => u.search === '?q=emile&format=pdf');
    await expectGrid(page, ['Émile, or On Education', 'Nana']);
    await expect.poll(() => page.getByLabel('Sort by').inputValue()).toBe('added');
    await page.goBack();
    await page.waitForURL((u) => u.search === '?q=emile');
    await expect.poll(() => page.getByLabel('Format').inputValue()).toBe('all');
    await expectGrid(page, ['Émile, or On Education', 'Nana', 'Germinal']);
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/library' && u.search === '');
    await expect.poll(() => search(page).inputValue()).toBe('');
    await page.getByRole('region', { name: 'Now Reading' }).waitFor();
    await page.goForward();
    await expect.poll(() => search(page).inputValue(), { timeout: 15_000 }).toBe('emile');

    // Status: the finished book; then not started (neither reading nor finished).
    await page.goto(`${baseUrl()}/library?status=completed`);
    await expectGrid(page, ['Beowulf']);
    await page.getByLabel('Status').selectOption('not_started');
    await expectGrid(page, ['An Introduction to R', 'Madame Bovary', 'Émile, or On Education', 'Nana', 'Germinal']);
    await page.getByLabel('Status').selectOption('reading');
    await expectGrid(page, ['Walden']);

    // No match, then "Clear filters" puts everything back (the sort stays).
    await page.getByLabel('Sort by').selectOption('title');
    await search(page).fill('zzz nothing');
    await page.getByTestId('no-match').waitFor();
    await expectCount(page, '0 books');
    await page.getByTestId('no-match').getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((u) => u.search === '?sort=title');
    await expect.poll(() => search(page).inputValue()).toBe('');
    await expectGrid(page, ['An Introduction to R', 'Beowulf', 'Émile, or On Education', 'Germinal', 'Madame Bovary', 'Nana']);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('card menu by keyboard: mark as read and unread, book details, add to a collection', async () => {
    const context = await browser.newContext();
    const page = await libraryPage(context);
    const card = () => grid(page).getByRole('listitem').filter({ hasText: 'Madame Bovary' });

    await card().getByRole('button', { name: 'More actions for Madame Bovary' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Add to collection…');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Mark as read');
    await page.keyboard.press('Enter');
    await card().getByText('Read', { exact: true }).waitFor();
    await card().getByRole('button', { name: 'More actions for Madame Bovary' }).click();
    await page.getByRole('menuitem', { name: 'Mark as unread' }).click();
    await expect.poll(() => card().getByText('Read', { exact: true }).count(), { timeout: 15_000 }).toBe(0);

    // Escape closes a menu and gives focus back to its button.
    await card().getByRole('button', { name: 'More actions for Madame Bovary' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('More actions for Madame Bovary');

    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Book details' }).click();
    const details = page.getByRole('dialog', { name: 'Book details' });
    await details.getByText('Gustave Flaubert').waitFor();
    const text = await details.textContent();
    expect(text).toContain('EPUB');
    expect(text).toMatch(/books\/3-Madame-Bovary\.epub/);
    expect(text).toContain('Local folder');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'hidden' });

    await card().getByRole('button', { name: 'More actions for Madame Bovary' }).click();
    await page.getByRole('menuitem', { name: 'Add to collection…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add to collection' });
    await dialog.getByText('You have no collections yet').waitFor();
    await dialog.getByRole('textbox', { name: 'New collection name' }).fill('Novels');
    await dialog.getByRole('button', { name: 'Create and add' }).click();
    await expect.poll(() => dialog.getByRole('checkbox', { name: 'Novels' }).isChecked(), { timeout: 15_000 }).toBe(true);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('link', { name: 'Collections' }).click();
    await page.getByRole('link', { name: /Novels/ }).getByText('1 book').waitFor();
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('another tab’s change refreshes the grid in place: same filters, same scroll position', async () => {
    const many: LibraryBook[] = Array.from({ length: 240 }, (_, i) => ({ title: `Volume ${String(i).padStart(3, '0')}`, author: 'Series Author', fileType: 'pdf' as const }));
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    const page = await libraryPage(context, many);
    await page.goto(`${baseUrl()}/library?format=pdf&sort=title`);
    await expect.poll(() => count(page).textContent(), { timeout: 15_000 }).toBe('240 books');
    await page.mouse.wheel(0, 2400);
    await page.waitForTimeout(300);
    await gridTitles(page);
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(1500);
    // The first book whose card is wholly in view.
    const target = await page.evaluate(() =>
      [...document.querySelectorAll('.book-grid .book-card')]
        .find((c) => c.getBoundingClientRect().top >= 0)!
        .querySelector('.book-title')!.textContent!,
    );
    expect(target).toMatch(/^Volume 0[1-9]\d$/);

    const other = await openPage(context, `/library?q=${encodeURIComponent(target)}`);
    await other.getByRole('button', { name: `More actions for ${target}` }).click();
    await other.getByRole('menuitem', { name: 'Mark as read' }).click();

    const card = page.getByRole('listitem').filter({ hasText: target });
    await card.getByText('Read', { exact: true }).waitFor();
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
    expect(page.url()).toMatch(/\?format=pdf&sort=title$/);
    await expectCount(page, '240 books');
    await context.close();
  });

  it('a scan in another tab fills the grid, filters kept; the empty states', async () => {
    const context = await browser.newContext();
    await pickFixtureFolder(context, [
      { fixture: 'TeXoutline.pdf', path: 'TeX/outline.pdf' },
      { fixture: 'amsldoc.pdf', path: 'TeX/amsldoc.pdf' },
      { fixture: 'live-manual.en.epub', path: 'live-manual.epub' },
    ]);
    await installLibrary(context, await buildLibrary({}));
    const page = await openPage(context, '/login');
    await signIn(page, ADMIN.email, 'admin-password-1');
    await page.waitForURL(/\/library$/);
    const empty = page.getByTestId('library-empty');
    await empty.getByText('Your library is empty.').waitFor();
    // The button's code loads after the empty state's text: wait for it, do not look once.
    await empty.getByRole('button', { name: 'Choose folder' }).waitFor();
    await page.goto(`${baseUrl()}/library?format=pdf`);
    await page.getByTestId('no-match').waitFor();

    const admin = await context.newPage();
    await chooseFolderAndScan(admin);
    await expect.poll(() => gridTitles(page), { timeout: 30_000 }).toHaveLength(2);
    expect(page.url()).toMatch(/\?format=pdf$/);
    await expectCount(page, '2 books');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('metadata is shown as text, never as HTML (card, search, details)', async () => {
    const context = await browser.newContext();
    const title = '<img src=x onerror="window.__pwned = 1">Evil';
    const page = await libraryPage(context, [{ title, author: '<b>Bold</b> Author', fileType: 'pdf' }]);
    await expect.poll(() => gridTitles(page), { timeout: 15_000 }).toEqual([title]);
    await expect.poll(() => grid(page).locator('.book-author').textContent()).toBe('<b>Bold</b> Author');
    await search(page).fill('img evil');
    // The grid already shows this one book: wait for the debounced search itself (URL, list name),
    // or its redraw can come after the menu below opens and take "Book details" away with it.
    await page.waitForURL(/[?&]q=img/);
    await page.getByRole('list', { name: 'Search results' }).waitFor();
    await expectGrid(page, [title]);
    await grid(page).getByRole('button', { name: `More actions for ${title}` }).click();
    await page.getByRole('menuitem', { name: 'Book details' }).click();
    await page.getByRole('dialog', { name: 'Book details' }).getByText(title, { exact: true }).waitFor();
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"], b').count()).toBe(0);
    await context.close();
  });

  it('a reader (not an admin) with no books gets an explanation, not a folder button', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await installLibrary(context, await buildLibrary({ users: [{ email: 'reader@example.org', password: 'reader-password', displayName: 'Rea Der', role: 'user' }] }));
    const page = await openPage(context, '/login');
    await signIn(page, 'reader@example.org', 'reader-password');
    const empty = page.getByTestId('library-empty');
    await empty.getByText(/Once an administrator chooses a books folder/).waitFor();
    await expect(empty.getByRole('button').count()).resolves.toBe(0);
    await context.close();
  });
});

describe('coming back from a reader', () => {
  it('Back lands where the grid was scrolled to, with the same filters', async () => {
    const many: LibraryBook[] = Array.from({ length: 150 }, (_, i) => ({ title: `Tome ${String(i).padStart(3, '0')}`, author: 'Someone', fileType: 'pdf' as const }));
    many[100] = { title: 'Tome 100', author: 'Someone', fixture: 'TeXoutline.pdf' };
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    const page = await libraryPage(context, many);
    await page.goto(`${baseUrl()}/library?sort=title`);
    await expect.poll(() => count(page).textContent(), { timeout: 15_000 }).toBe('150 books');
    const link = page.getByRole('link', { name: /^Tome 100/ });
    // Scrolled down by hand until the card is drawn (the grid only draws rows near the view).
    for (let i = 0; i < 40 && !(await link.count()); i++) {
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(100);
    }
    // Wheel scrolling goes on after mouse.wheel returns, and the grid reuses its cards for other
    // books as it scrolls: click only once the page has stopped moving.
    await scrollSettled(page);
    await link.scrollIntoViewIfNeeded();
    await scrollSettled(page);
    const before = await page.evaluate(() => window.scrollY);
    expect(before).toBeGreaterThan(2000);
    const href = await link.getAttribute('href');
    await link.click();
    await page.waitForURL((u) => u.pathname === href);
    await page.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 30_000 });
    await page.goBack();
    await page.waitForURL(/\/library\?sort=title$/);
    await expect.poll(() => page.evaluate(() => window.scrollY), { timeout: 10_000 }).toBe(before);
    // The grid draws the rows near the restored scroll position a frame or two later.
    await expect.poll(() => page.getByRole('link', { name: /^Tome 100/ }).isVisible(), { timeout: 10_000 }).toBe(true);
    await context.close();
  });
});

/** Resolves once the window has not scrolled for ten animation frames in a row. */
async function scrollSettled(page: Page) {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let last = window.scrollY;
        let still = 0;
        const tick = () => {
          if (window.scrollY === last) still++;
          else (still = 0), (last = window.scrollY);
          if (still >= 10) resolve();
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
}
