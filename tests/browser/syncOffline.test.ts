/**
 * Sync offline (issue 14, "both offline, both change, both reconnect: no lost change"), two
 * Chromium profiles against s3rver: the panel gives the reason while offline, the changes wait,
 * reconnecting sends them, and both devices end with every change.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { ADMIN, baseUrl, firstRunAdmin, openPage, pageErrors, signIn } from './browser';
import { browserWithBucket, fillBucketForm } from './browserWithBucket';
import { exportedDb } from './folder';
import { joinFromSignIn, PASSWORD, syncRound, syncStatus as status, turnOnSync } from './syncHelpers';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const OFFLINE = 'This device is offline. Changes are kept and sent when it reconnects.';

const h = browserWithBucket();

const sha256 = (fixture: string) => createHash('sha256').update(readFileSync(join(FIXTURES, fixture))).digest('hex');

/** Opens a book in a page the service worker controls: the test goes offline next. */
async function readerAt(page: Page, bookId: string) {
  // The service worker takes only pages loaded after it is active (no clients.claim: updates are
  // offered, not forced), and a device that has just joined may still be installing it.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.goto(`${baseUrl()}/read/${bookId}`);
  await page.waitForFunction(() => navigator.serviceWorker.controller != null, undefined, { timeout: 60_000 });
  await page.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 90_000 });
}

async function goToPage(page: Page, n: number) {
  const box = page.getByRole('textbox', { name: 'Page number' });
  await box.fill(String(n));
  await box.press('Enter');
  await expect.poll(() => page.locator('.pdf-reader').getAttribute('data-page'), { timeout: 30_000 }).toBe(String(n));
  await page.waitForSelector('.reader-page[data-save-state="saved"]', { timeout: 30_000 });
}

/** From the reader to a page of the app, without loading anything from the network. */
async function backTo(page: Page, link: 'Collections' | 'Admin') {
  await page.getByRole('button', { name: 'Back' }).click();
  await page.waitForURL(/\/library$/);
  await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).first().click();
}

/** What both devices must agree on: collection names and each book's page, by file hash. */
async function state(page: Page) {
  const db = await exportedDb(page);
  return {
    collections: (await db.all<{ name: string }>('SELECT name FROM collections ORDER BY name')).map((r) => r.name),
    pages: await db.all<{ file_hash: string; current_page: number }>(
      'SELECT b.file_hash, p.current_page FROM reading_progress p JOIN books b ON b.id = p.book_id ORDER BY b.file_hash',
    ),
  };
}

describe('sync offline', () => {
  it('A and B both offline, both change, both reconnect: the panel says offline, then Synced; both have every change', async () => {
    for (const f of ['R-intro.pdf', 'amsldoc.pdf'])
      await h.client.send(new PutObjectCommand({ Bucket: 'books', Key: `shelf/${f}`, Body: readFileSync(join(FIXTURES, f)) }));
    const X = sha256('R-intro.pdf');
    const Y = sha256('amsldoc.pdf');

    const deviceA = await h.browser.newContext({ acceptDownloads: true });
    const a = await openPage(deviceA, '/login');
    await firstRunAdmin(a, PASSWORD);
    await a.goto(baseUrl() + '/admin/library');
    await fillBucketForm(a, h.s3.endpoint);
    await a.getByRole('region', { name: 'S3 bucket' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => a.getByTestId('s3-status').textContent(), { timeout: 60_000 }).toMatch(/^2 books from the bucket/);
    await turnOnSync(a);

    // A collection both devices have before going offline; B renames it offline.
    await a.goto(baseUrl() + '/collections');
    await a.getByRole('button', { name: 'New collection' }).click();
    const create = a.getByRole('dialog', { name: 'New collection' });
    await create.getByLabel('Name').fill('Shelf');
    await create.getByRole('button', { name: 'Create' }).click();
    await a.waitForURL(/\/collections\/[0-9a-f-]{36}$/);
    await syncRound(a);

    const deviceB = await h.browser.newContext({ acceptDownloads: true });
    const b = await openPage(deviceB, '/login');
    await joinFromSignIn(b, h.s3.endpoint, undefined, { testConnection: true });
    await signIn(b, ADMIN.email, PASSWORD);
    await b.waitForURL(/\/library$/);
    await syncRound(b);

    const idOn = async (page: Page, hash: string) =>
      (await (await exportedDb(page)).get<{ id: string }>('SELECT id FROM books WHERE file_hash = ?', [hash]))!.id;
    await readerAt(a, await idOn(a, X));
    await readerAt(b, await idOn(b, Y));

    await deviceA.setOffline(true);
    await deviceB.setOffline(true);

    // A reads on to page 4 of X and makes a collection.
    await goToPage(a, 4);
    await backTo(a, 'Collections');
    await a.getByRole('button', { name: 'New collection' }).click();
    await create.getByLabel('Name').fill('Made offline on A');
    await create.getByRole('button', { name: 'Create' }).click();
    await a.waitForURL(/\/collections\/[0-9a-f-]{36}$/);

    // B reads on to page 3 of Y and renames the shared collection.
    await goToPage(b, 3);
    await backTo(b, 'Collections');
    await b.getByRole('link', { name: /Shelf/ }).first().click();
    await b.getByRole('button', { name: 'Edit' }).click();
    const edit = b.getByRole('dialog', { name: 'Edit collection' });
    await edit.getByLabel('Name').fill('Shelf renamed on B');
    await edit.getByRole('button', { name: 'Save' }).click();
    await b.getByRole('heading', { name: 'Shelf renamed on B' }).waitFor();

    // Both panels give the reason, and keep the changes.
    for (const page of [a, b]) {
      await page.getByRole('navigation').getByRole('link', { name: 'Admin', exact: true }).first().click();
      await page.waitForURL(/\/admin\/library$/);
      await expect.poll(() => status(page).textContent(), { timeout: 60_000 }).toBe(OFFLINE);
      await expect.poll(async () => Number(await status(page).getAttribute('data-pending')), { timeout: 60_000 }).toBeGreaterThan(0);
    }

    // Reconnecting sends what waited, with no click.
    await deviceA.setOffline(false);
    await deviceB.setOffline(false);
    for (const page of [a, b])
      await expect
        .poll(async () => [await status(page).textContent(), await status(page).getAttribute('data-pending')], { timeout: 90_000 })
        .toEqual(['Synced just now', '0']);

    // One more round each brings the other's changes; both end equal, nothing lost.
    await syncRound(a);
    await syncRound(b);
    const want = {
      collections: ['Made offline on A', 'Shelf renamed on B'],
      pages: [
        { file_hash: X, current_page: 4 },
        { file_hash: Y, current_page: 3 },
      ].sort((p, q) => p.file_hash.localeCompare(q.file_hash)),
    };
    expect(await state(a)).toEqual(want);
    expect(await state(b)).toEqual(want);

    // And in the reader: B opens X where A left it.
    await readerAt(b, await idOn(b, X));
    await expect(b.getByRole('textbox', { name: 'Page number' }).inputValue()).resolves.toBe('4');

    expect(pageErrors(a)).toEqual([]);
    expect(pageErrors(b)).toEqual([]);
    await deviceA.close();
    await deviceB.close();
  }, 600_000);
});
