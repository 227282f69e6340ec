import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launch, openPage, signIn } from './browser';
import { buildLibrary, installLibrary, type LibraryBook } from './libraryFixtures';
import { axeFindings, type AxeFinding } from './axe';
import { addBookToCollection, insertCollection, setShareToken } from '../../src/db/queries/collections';
import { upsertProgress } from '../../src/db/queries/progress';
import { DEFAULT_ADMIN } from '../../src/domain/types';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const BOOKS: LibraryBook[] = [
  { title: 'An Introduction to R', author: 'W. N. Venables', fixture: 'R-intro.pdf' },
  { title: 'Three Harbours', author: 'Pan Doc', fixture: 'pandoc-chapters.epub' },
  { title: 'Walden', author: 'Henry David Thoreau', fileType: 'pdf', cover: '#3b6e4f' },
  { title: 'Ærø og Ørsted', author: 'Søren Weiß', fileType: 'epub' },
  { title: 'Beowulf', author: null, fileType: 'pdf', cover: '#7a3b12' },
];
const READER = { email: 'reader@example.org', password: 'reader-password', displayName: 'Rea Der', role: 'user' as const };
const SHARE_TOKEN = 'AbCdEfGhIjKlMnOpQrStUv';

/** The library: the admin reads Walden, owns a shared collection of two books; a reader account. */
async function library() {
  return buildLibrary({
    books: BOOKS,
    users: [READER],
    extra: async (db) => {
      const id = async (title: string) => (await db.get<{ id: string }>('SELECT id FROM books WHERE title = ?', [title]))!.id;
      await upsertProgress(db, DEFAULT_ADMIN.id, await id('Walden'), { currentPage: 3, totalPages: 10, epubLocation: null, percentComplete: 30, status: 'reading', lastReadAt: 1_760_000_000 });
      const c = await insertCollection(db, DEFAULT_ADMIN.id, 'Harbour reading', 'Books for the crossing');
      await addBookToCollection(db, c.id, await id('Three Harbours'));
      await addBookToCollection(db, c.id, await id('An Introduction to R'));
      await setShareToken(db, c.id, SHARE_TOKEN, 1_760_000_000);
    },
  });
}

const settledGrid = (page: Page) =>
  page.waitForFunction(() => {
    const g = document.querySelector('.book-grid');
    return g && g.getAttribute('aria-busy') === 'false' && !g.querySelector('.card-skeleton');
  });

/** Each page as a user reaches it, checked once it has settled. */
async function visit(page: Page, findings: AxeFinding[], path: string, ready: (page: Page) => Promise<unknown>) {
  await page.goto(baseUrl() + path);
  await ready(page);
  findings.push(...(await axeFindings(page, path)));
}

const heading = (name: string | RegExp) => (page: Page) => page.getByRole('heading', { name, level: 1 }).waitFor();
const report = (findings: AxeFinding[]) => findings.map((f) => `${f.page}: ${f.rule} (${f.impact}) ${f.help} at ${f.targets.join(', ')}`);

describe('accessibility (axe-core: no serious or critical violation)', { timeout: 600_000 }, () => {
  it('every page of an admin with books, dialogs and both readers included', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 850 } });
    const lib = await library();
    await installLibrary(context, lib);
    const page = await openPage(context, '/login');
    await page.getByLabel('Email').waitFor();
    const findings = await axeFindings(page, '/login');
    await signIn(page, DEFAULT_ADMIN.email, 'admin-password-1');
    await page.waitForURL(/\/library/);

    await visit(page, findings, '/library', settledGrid);
    await page.getByRole('button', { name: 'More actions for Walden' }).first().click();
    await page.getByRole('menu').waitFor();
    findings.push(...(await axeFindings(page, '/library (card menu)')));
    await page.getByRole('menuitem', { name: 'Book details' }).click();
    await page.getByRole('dialog', { name: 'Book details' }).getByText('Henry David Thoreau').first().waitFor();
    findings.push(...(await axeFindings(page, '/library (book details)')));
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /^Account menu of/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).waitFor();
    findings.push(...(await axeFindings(page, '/library (account menu)')));
    await page.keyboard.press('Escape');
    await visit(page, findings, '/library?q=orsted&sort=title', settledGrid);

    await visit(page, findings, '/collections', heading('Collections'));
    await page.getByRole('link', { name: /Harbour reading/ }).first().click();
    await heading('Harbour reading')(page);
    await settledGrid(page);
    findings.push(...(await axeFindings(page, '/collections/:id')));
    await page.getByRole('button', { name: 'Share' }).click();
    await page.getByRole('dialog', { name: /Share/ }).getByRole('textbox', { name: 'Share link' }).waitFor();
    findings.push(...(await axeFindings(page, '/collections/:id (share)')));
    await page.keyboard.press('Escape');

    await visit(page, findings, '/admin/library', heading('Library'));
    await visit(page, findings, '/admin/users', async (p) => {
      await heading('Users')(p);
      await p.getByText(READER.email).first().waitFor();
    });
    await visit(page, findings, '/settings', heading('Account settings'));
    await visit(page, findings, '/no-such-page', heading('Page not found'));

    const ids = Object.fromEntries(lib.books.map((b) => [b.title, b.id]));
    await visit(page, findings, `/read/${ids['An Introduction to R']}`, (p) => p.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 30_000 }));
    await visit(page, findings, `/read/${ids['Three Harbours']}`, (p) => p.waitForSelector('.epub-reader[data-status="ready"]', { timeout: 30_000 }));
    await page.getByRole('button', { name: 'Contents' }).click();
    await page.getByRole('navigation', { name: 'Table of contents' }).waitFor();
    await page.getByRole('button', { name: 'Display settings' }).click();
    await page.getByRole('dialog', { name: 'Display settings' }).waitFor();
    findings.push(...(await axeFindings(page, '/read/:epub (contents, settings)')));

    // The shared collection, as a visitor of this profile sees it.
    await visit(page, findings, `/shared/${SHARE_TOKEN}`, (p) => p.getByRole('heading', { name: 'Harbour reading' }).waitFor());

    expect(report(findings)).toEqual([]);
    await context.close();
  });

  it('every page of a reader, on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await installLibrary(context, await library());
    const page = await openPage(context, '/login');
    await signIn(page, READER.email, READER.password);
    await page.waitForURL(/\/library/);
    const findings: AxeFinding[] = [];
    await visit(page, findings, '/library', settledGrid);
    await page.getByRole('button', { name: `Account menu of ${READER.displayName}` }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).waitFor();
    findings.push(...(await axeFindings(page, '/library (account menu)')));
    await page.keyboard.press('Escape');
    await visit(page, findings, '/collections', heading('Collections'));
    await visit(page, findings, '/settings', heading('Account settings'));
    await visit(page, findings, '/admin/users', (p) => p.getByRole('heading', { level: 1 }).first().waitFor());
    expect(report(findings)).toEqual([]);
    await context.close();
  });
});
