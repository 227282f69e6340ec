/**
 * Books on each device (issue 14, item 5), two browser contexts against s3rver: A's folder book
 * shows on B as "Not on this device" until B's folder holds the same file; B's scan then makes it
 * a normal book, the same one (no duplicate).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN, baseUrl, firstRunAdmin, openPage, pageErrors, signIn } from './browser';
import { browserWithBucket, fillBucketForm } from './browserWithBucket';
import { chooseFolderAndScan, exportedDb, pickFixtureFolder, writeFolderFiles } from './folder';

const PASSPHRASE = 'purple elephants dance at noon';
const PASSWORD = 'correct horse battery';
const SHOTS = process.env.SHOTS_DIR;

const h = browserWithBucket();

/** With SHOTS_DIR set: the page at desktop width, then at phone width in dark mode. */
async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 800 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/${name}-phone-dark.png` });
  await page.emulateMedia({ colorScheme: null });
  if (size) await page.setViewportSize(size);
}

describe('books on each device', () => {
  it('A’s folder book is "Not on this device" on B until B’s folder has the same file; then one normal book', async () => {
    // Device A: a folder with one book, an empty bucket, sync on.
    const deviceA = await h.browser.newContext({ acceptDownloads: true });
    await pickFixtureFolder(deviceA, [{ fixture: 'R-intro.pdf', path: 'Science/R-intro.pdf' }]);
    const a = await openPage(deviceA, '/login');
    await firstRunAdmin(a, PASSWORD);
    await chooseFolderAndScan(a);
    await fillBucketForm(a, h.s3.endpoint);
    await a.getByRole('region', { name: 'S3 bucket' }).getByRole('button', { name: 'Save' }).click();
    await a.getByTestId('s3-status').waitFor({ timeout: 60_000 });
    const sync = a.getByRole('region', { name: 'Sync between devices' });
    await sync.getByLabel('Sync passphrase').fill(PASSPHRASE);
    await sync.getByRole('button', { name: 'Turn on sync' }).click();
    await expect.poll(() => a.getByTestId('sync-status').textContent(), { timeout: 90_000 }).toBe('Synced just now');
    const bookA = (await (await exportedDb(a)).get<{ id: string; file_hash: string }>('SELECT id, file_hash FROM books'))!;

    // Device B joins with an empty books folder.
    const deviceB = await h.browser.newContext({ acceptDownloads: true });
    await pickFixtureFolder(deviceB, []);
    const b = await openPage(deviceB, '/login');
    await b.getByRole('link', { name: 'Join a synced library' }).click({ timeout: 90_000 });
    await fillBucketForm(b, h.s3.endpoint);
    await b.getByLabel('Sync passphrase').fill(PASSPHRASE);
    await b.getByRole('button', { name: 'Join' }).click();
    await b.waitForURL(/\/login$/, { timeout: 120_000 });
    await signIn(b, ADMIN.email, PASSWORD);
    await b.waitForURL(/\/library$/);

    const card = b.locator('.book-card', { hasText: 'R-intro' }).or(b.locator('.book-card').first());
    await card.getByText('Not on this device').waitFor({ timeout: 30_000 });
    await expect.poll(() => card.evaluate((el) => el.classList.contains('not-on-device'))).toBe(true);
    await shot(b, 'b-library-not-on-device');

    // Opening it explains, and offers the folder.
    await card.getByRole('link').click();
    const message = b.getByRole('alert').filter({ hasText: 'Not on this device' });
    await message.waitFor({ timeout: 60_000 });
    await expect(message.textContent()).resolves.toContain('this device’s books folder does not have its file');
    await message.getByRole('button', { name: 'Choose books folder' }).waitFor();
    await shot(b, 'b-reader-not-on-device');

    // B's folder (chosen while empty) now gets the same file, under another name; the reader's
    // "Scan books folder" finds it and opens the book.
    await chooseFolderAndScan(b);
    await writeFolderFiles(b, [{ fixture: 'R-intro.pdf', path: 'Mine/intro-copy.pdf' }]);
    const dbBefore = await exportedDb(b);
    const bookB = (await dbBefore.get<{ id: string; on_device: number }>('SELECT id, on_device FROM books'))!;
    expect(bookB.on_device).toBe(0);
    await b.goto(`${baseUrl()}/read/${bookB.id}`);
    await b.getByRole('button', { name: 'Scan books folder' }).click({ timeout: 60_000 });
    await b.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 90_000 });

    const dbAfter = await exportedDb(b);
    const rows = await dbAfter.all<{ id: string; on_device: number; file_path: string; file_hash: string }>('SELECT id, on_device, file_path, file_hash FROM books');
    expect(rows).toEqual([{ id: bookB.id, on_device: 1, file_path: 'Mine/intro-copy.pdf', file_hash: bookA.file_hash }]);
    await b.goto(`${baseUrl()}/library`);
    await b.locator('.book-card').first().waitFor();
    expect(await b.locator('.book-card').count()).toBe(1);
    expect(await b.getByText('Not on this device').count()).toBe(0);
    await shot(b, 'b-library-after-scan');

    expect(pageErrors(a)).toEqual([]);
    expect(pageErrors(b)).toEqual([]);
    await deviceA.close();
    await deviceB.close();
  }, 600_000);
});
