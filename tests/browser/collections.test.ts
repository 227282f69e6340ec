import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, baseUrl, launch, openPage, pageErrors, signIn } from './browser';
import { buildLibrary, installLibrary } from './libraryFixtures';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const gridTitles = async (page: Page) => {
  await page.waitForFunction(() => {
    const g = document.querySelector('.book-grid');
    return g && g.getAttribute('aria-busy') === 'false' && !g.querySelector('.card-skeleton');
  });
  return page.locator('.book-grid .book-title').allTextContents();
};

async function addToCollection(page: Page, title: string, collection: string) {
  await page.getByRole('searchbox', { name: 'Search' }).fill(title);
  // The search is debounced: let the grid redraw with its result before opening a card's menu,
  // or the redraw detaches the menu under the click.
  await page.waitForURL(/[?&]q=/);
  await expect.poll(() => gridTitles(page), { timeout: 15_000 }).toContain(title);
  await page.getByRole('button', { name: `More actions for ${title}` }).click();
  await page.getByRole('menuitem', { name: 'Add to collection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add to collection' });
  const box = dialog.getByRole('checkbox', { name: collection });
  await box.check();
  await expect.poll(() => box.isChecked(), { timeout: 10_000 }).toBe(true);
  await dialog.getByRole('button', { name: 'Done' }).click();
}

describe('collections and share links', () => {
  it('a collection is made, filled, edited and shared; signed out, the link shows exactly its books and opens one; after "Stop sharing" it is dead', async () => {
    const context = await browser.newContext();
    const lib = await buildLibrary({
      books: [
        { title: 'An Introduction to R', author: 'W. N. Venables', fixture: 'R-intro.pdf' },
        { title: 'TeX outline', author: 'Anon', fixture: 'TeXoutline.pdf' },
        { title: 'Live manual', author: 'Debian', fixture: 'live-manual.en.epub' },
        { title: 'Private diary', author: 'Owner Person', fixture: 'amsldoc.pdf' },
      ],
    });
    await installLibrary(context, lib);
    const page = await openPage(context, '/login');
    await signIn(page, ADMIN.email, 'admin-password-1');
    await page.waitForURL(/\/library$/);

    // New collection: the name is required.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Collections' }).click();
    await page.getByText('No collections yet.').waitFor();
    await page.getByRole('button', { name: 'New collection' }).click();
    const form = page.getByRole('dialog', { name: 'New collection' });
    await form.getByRole('button', { name: 'Create' }).click();
    await form.getByText('A name is required.').waitFor();
    await form.getByLabel('Name').fill('Reading group');
    await form.getByLabel('Description').fill('Books for <b>Thursday</b>');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/collections\/[0-9a-f-]{36}$/);
    const collectionUrl = page.url();
    await page.getByRole('heading', { name: 'Reading group' }).waitFor();
    // Text, never HTML.
    await page.getByText('Books for <b>Thursday</b>').waitFor();
    await page.getByText('This collection is empty.').waitFor();

    // Fill it from the library's card menu.
    await page.goto(`${baseUrl()}/library`);
    await addToCollection(page, 'An Introduction to R', 'Reading group');
    await addToCollection(page, 'Live manual', 'Reading group');
    await page.goto(collectionUrl);
    await expect.poll(() => gridTitles(page), { timeout: 15_000 }).toEqual(['Live manual', 'An Introduction to R']);

    // Rename and describe.
    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit collection' });
    await edit.getByLabel('Name').fill('Thursday club');
    await edit.getByLabel('Description').fill('Two books to start');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Thursday club' }).waitFor();
    await page.getByText('Two books to start').waitFor();

    // Share: an unguessable link.
    await page.getByRole('button', { name: 'Share' }).click();
    const share = page.getByRole('dialog', { name: /Share/ });
    const link = await share.getByRole('textbox', { name: 'Share link' }).inputValue();
    expect(link).toMatch(new RegExp(`^${baseUrl()}/shared/[A-Za-z0-9_-]{22}$`));
    // Nothing is published yet: the dialog says where the link works, and promises nothing more.
    await expect(share.getByTestId('share-scope').textContent()).resolves.toMatch(/^The link works only in this browser profile, where this library is kept\. Someone on another computer, phone or browser, or\s+in another profile, cannot open it\.$/);
    expect(await share.getByText(/anyone/i).count()).toBe(0);
    await share.getByRole('button', { name: 'Done' }).click();
    const token = link.split('/').pop()!;

    // Signed out (same profile: the library lives in this browser's storage).
    await context.clearCookies();
    const visitor = await context.newPage();
    await visitor.goto(link);
    await visitor.getByRole('heading', { name: 'Thursday club' }).waitFor();
    await visitor.getByText('Two books to start').waitFor();
    await expect.poll(() => gridTitles(visitor), { timeout: 15_000 }).toEqual(['An Introduction to R', 'Live manual']);
    const body = await visitor.locator('body').textContent();
    expect(body).not.toContain('Administrator');
    expect(body).not.toContain('Private diary');
    await expect(visitor.getByRole('navigation', { name: 'Main' }).count()).resolves.toBe(0);

    // Open one: the reader, with the visitor's progress kept in this browser only.
    await visitor.getByRole('link', { name: /^An Introduction to R/ }).click();
    await visitor.waitForURL(new RegExp(`/shared/${token}/read/[0-9a-f-]{36}$`));
    const bookId = visitor.url().split('/').pop()!;
    await visitor.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 30_000 });
    await visitor.getByRole('button', { name: 'Next page' }).click();
    await expect
      .poll(() => visitor.evaluate((key) => localStorage.getItem(key), `shared-progress:${token}:${bookId}`), { timeout: 10_000 })
      .toContain('"currentPage":2');
    // Still signed out: nothing was written under anyone's account.
    expect(await context.cookies()).toEqual([]);

    // A book outside the collection cannot be reached, whatever the URL says.
    const outsider = lib.books.find((b) => b.title === 'Private diary')!;
    await visitor.goto(`${baseUrl()}/shared/${token}/read/${outsider.id}`);
    await visitor.getByText('This book is not in the shared collection.').waitFor();

    // The owner stops sharing: the link is dead.
    await page.goto(`${baseUrl()}/login`);
    await signIn(page, ADMIN.email, 'admin-password-1');
    await page.waitForURL(/\/library$/);
    await page.goto(collectionUrl);
    await page.getByRole('button', { name: 'Share' }).click();
    await page.getByRole('dialog', { name: /Share/ }).getByRole('button', { name: 'Stop sharing' }).click();
    await page.getByRole('dialog', { name: /Share/ }).getByRole('button', { name: 'Create link' }).waitFor();
    await expect(page.getByRole('dialog', { name: /Share/ }).getByText('The link works only in this browser profile').isVisible()).resolves.toBe(true);
    await page.keyboard.press('Escape');

    await visitor.goto(link);
    await visitor.getByText('This link is no longer shared').waitFor();
    await visitor.goto(`${baseUrl()}/shared/${token}/read/${bookId}`);
    await visitor.getByText('This link is no longer shared.').waitFor();
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('sharing again makes a new link and kills the old one; remove from collection; delete keeps the books', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const lib = await buildLibrary({
      books: [{ title: 'Alpha', author: 'A' }, { title: 'Beta', author: 'B' }, { title: 'Gamma', author: 'C' }],
      extra: async (db, users) => {
        const { insertCollection, addBookToCollection } = await import('../../src/db/queries/collections');
        const c = await insertCollection(db, users[ADMIN.email]!, 'Greek letters', null);
        for (const b of await db.all<{ id: string }>('SELECT id FROM books')) await addBookToCollection(db, c.id, b.id);
      },
    });
    await installLibrary(context, lib);
    const page = await openPage(context, '/login');
    await signIn(page, ADMIN.email, 'admin-password-1');
    await page.waitForURL(/\/library$/);
    await page.goto(`${baseUrl()}/collections`);
    await page.getByRole('link', { name: /Greek letters/ }).getByText('3 books').waitFor();
    await page.getByRole('link', { name: /Greek letters/ }).click();
    await expect.poll(() => gridTitles(page), { timeout: 15_000 }).toEqual(['Gamma', 'Beta', 'Alpha']);

    await page.getByRole('button', { name: 'Share' }).click();
    const share = page.getByRole('dialog', { name: /Share/ });
    const first = await share.getByRole('textbox', { name: 'Share link' }).inputValue();
    await share.getByRole('button', { name: 'New link' }).click();
    await expect.poll(() => share.getByRole('textbox', { name: 'Share link' }).inputValue(), { timeout: 10_000 }).not.toBe(first);
    const second = await share.getByRole('textbox', { name: 'Share link' }).inputValue();
    await share.getByRole('button', { name: 'Done' }).click();

    const visitor = await context.newPage();
    await visitor.goto(first);
    await visitor.getByText('This link is no longer shared').waitFor();
    await visitor.goto(second);
    await expect.poll(() => gridTitles(visitor), { timeout: 15_000 }).toEqual(['Alpha', 'Beta', 'Gamma']);

    // Remove from collection: the shared page follows (live), the book stays in the library.
    await page.getByRole('button', { name: 'More actions for Beta' }).click();
    await page.getByRole('menuitem', { name: 'Remove from collection' }).click();
    await expect.poll(() => gridTitles(page), { timeout: 15_000 }).toEqual(['Gamma', 'Alpha']);
    await expect.poll(() => gridTitles(visitor), { timeout: 15_000 }).toEqual(['Alpha', 'Gamma']);

    await page.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete “Greek letters”?' });
    await confirm.getByText('Its 2 books stay in your library.').waitFor();
    await confirm.getByRole('button', { name: 'Delete collection' }).click();
    await page.waitForURL(/\/collections$/);
    await page.getByText('No collections yet.').waitFor();
    await page.goto(`${baseUrl()}/library`);
    await expect.poll(() => gridTitles(page), { timeout: 15_000 }).toEqual(['Gamma', 'Beta', 'Alpha']);
    await visitor.reload();
    await visitor.getByText('This link is no longer shared').waitFor();
    await context.close();
  });
});
