import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN, launch, openPage, signIn } from './browser';
import { seedLibrary } from './seedLibrary';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it('a seeded database is the one the app opens (book count and admin password)', async () => {
  const context = await browser.newContext();
  const { adminPassword } = await seedLibrary(context, {
    books: [{ fixture: 'TeXoutline.pdf', title: 'TeX outline' }, { fixture: 'live-manual.en.epub', title: 'Live manual' }],
  });
  const page = await openPage(context, '/login');
  await signIn(page, ADMIN.email, adminPassword);
  await page.waitForURL(/\/library/);
  await expect(page.getByTestId('book-count').textContent()).resolves.toBe('2 books');
  await context.close();
});
