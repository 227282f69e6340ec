import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN, baseUrl, firstRunAdmin, launch, openPage, pageErrors, signIn } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('foundation: the app boots on its OPFS database', () => {
  it('boots, migrates and seeds in the worker, then asks to sign in', async () => {
    const context = await browser.newContext();
    const page = await openPage(context, '/');
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const opfs = await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const names: string[] = [];
      for await (const key of (root as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(key);
      return names;
    });
    expect(opfs).toContain('library.db');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('a write survives a reload and a second tab sees it', async () => {
    const context = await browser.newContext();
    const page = await openPage(context, '/login');
    const newPassword = await firstRunAdmin(page);
    const status = page.getByTestId('boot-status');
    await expect(status.textContent()).resolves.toMatch(/schema v\d+/);
    await expect(page.getByTestId('book-count').textContent()).resolves.toBe('0 books');

    await page.reload();
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    expect(page.url()).toMatch(/\/library$/);

    // A second tab shares the session cookie and the OPFS database.
    const tab2 = await openPage(context, '/library');
    await tab2.getByRole('heading', { name: 'Library' }).waitFor();

    // The password change was written: the default password is refused, in either tab.
    await tab2.getByRole('button', { name: /Administrator/ }).click();
    await tab2.getByRole('menuitem', { name: 'Sign out' }).click();
    await tab2.waitForURL(/\/login/);
    await signIn(tab2, ADMIN.email, ADMIN.password);
    await expect(tab2.getByRole('alert').textContent()).resolves.toBe('Wrong email or password.');
    await signIn(tab2, ADMIN.email, newPassword);
    await tab2.waitForURL(/\/library/);
    expect([...pageErrors(page), ...pageErrors(tab2)]).toEqual([]);
    await context.close();
  });

  it('shows a plain error when the database cannot be opened', async () => {
    const context = await browser.newContext();
    // Simulate a browser that refuses OPFS (as private windows of some browsers do), in the worker too.
    await context.addInitScript(() => {
      Object.defineProperty(StorageManager.prototype, 'getDirectory', {
        value: () => Promise.reject(new DOMException('The operation is insecure.', 'SecurityError')),
      });
    });
    const page = await context.newPage();
    await page.goto(baseUrl() + '/');
    const err = page.getByTestId('boot-error');
    await err.waitFor();
    await expect(err.textContent()).resolves.toMatch(/does not let Alex keep its library/);
    await context.close();
  });
});
