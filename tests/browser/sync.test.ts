import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { ADMIN, baseUrl, firstRunAdmin, openPage, pageErrors, signIn } from './browser';
import { browserWithBucket, fillBucketForm } from './browserWithBucket';
import { exportedDb } from './folder';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const PASSPHRASE = 'purple elephants dance at noon';
const PASSWORD = 'correct horse battery';

const h = browserWithBucket();

async function bucketObjects(): Promise<{ key: string; body: Buffer }[]> {
  const list = await h.client.send(new ListObjectsV2Command({ Bucket: 'books', Prefix: 'sync/' }));
  const out: { key: string; body: Buffer }[] = [];
  for (const o of list.Contents ?? []) {
    const r = await h.client.send(new GetObjectCommand({ Bucket: 'books', Key: o.Key! }));
    out.push({ key: o.Key!, body: Buffer.from(await r.Body!.transformToByteArray()) });
  }
  return out;
}


const status = (page: Page) => page.getByTestId('sync-status');

/** On Admin → Library: runs a round now and waits until it has finished with nothing left to send. */
async function syncRound(page: Page) {
  if (!page.url().endsWith('/admin/library')) await page.goto(baseUrl() + '/admin/library');
  await status(page).waitFor({ timeout: 30_000 });
  const before = Number((await status(page).getAttribute('data-synced-at')) || 0);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect
    .poll(async () => {
      const s = status(page);
      return Number((await s.getAttribute('data-synced-at')) || 0) > before && (await s.getAttribute('data-state')) === 'ok';
    }, { timeout: 60_000 })
    .toBe(true);
  expect(await status(page).getAttribute('data-pending')).toBe('0');
}

describe('sync between two devices through s3rver', () => {
  it('A turns on sync and reads to page 5; B joins (a wrong passphrase is refused) and opens at page 5; B’s collection reaches A; the bucket reads as noise', async () => {
    await h.client.send(new PutObjectCommand({ Bucket: 'books', Key: 'shelf/R-intro.pdf', Body: readFileSync(join(FIXTURES, 'R-intro.pdf')) }));

    // Device A: the S3 source, then sync on.
    const deviceA = await h.browser.newContext({ acceptDownloads: true });
    const a = await openPage(deviceA, '/login');
    await firstRunAdmin(a, PASSWORD);
    await a.goto(baseUrl() + '/admin/library');
    await fillBucketForm(a, h.s3.endpoint);
    await a.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => a.getByTestId('s3-status').textContent(), { timeout: 60_000 }).toMatch(/^1 book from the bucket/);
    const sync = a.getByRole('region', { name: 'Sync between devices' });
    await sync.getByLabel('Sync passphrase').fill(PASSPHRASE);
    await sync.getByRole('button', { name: 'Turn on sync' }).click();
    await sync.locator('[data-testid=sync-status], [role=alert]').first().waitFor({ timeout: 60_000 });
    expect(await sync.getByRole('alert').count(), await sync.textContent() ?? '').toBe(0);
    await expect.poll(() => status(a).textContent(), { timeout: 60_000 }).toBe('Synced just now');

    const dbA = await exportedDb(a);
    const bookA = (await dbA.get<{ id: string; title: string; file_hash: string }>('SELECT id, title, file_hash FROM books'))!;
    await a.goto(`${baseUrl()}/read/${bookA.id}`);
    await a.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 90_000 });
    for (let i = 0; i < 4; i++) await a.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => a.getByRole('textbox', { name: 'Page number' }).inputValue()).toBe('5');
    await a.waitForSelector('.reader-page[data-save-state="saved"]', { timeout: 10_000 });
    await syncRound(a);

    // Device B, first run: join. A wrong passphrase is refused and nothing is written.
    const deviceB = await h.browser.newContext({ acceptDownloads: true });
    const b = await openPage(deviceB, '/login');
    await b.getByRole('link', { name: 'Join a synced library' }).click({ timeout: 90_000 });
    await b.waitForURL(/\/join$/);
    await fillBucketForm(b, h.s3.endpoint);
    await b.getByLabel('Sync passphrase').fill('not the passphrase');
    const objectsBefore = (await bucketObjects()).map((o) => o.key);
    await b.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => b.getByRole('alert').textContent(), { timeout: 60_000 }).toBe(
      'This sync passphrase does not open the library in this bucket. Check it and try again.',
    );
    expect((await bucketObjects()).map((o) => o.key)).toEqual(objectsBefore);
    expect(await b.evaluate(() => new Promise((ok) => {
      const r = indexedDB.open('alex-sync');
      r.onsuccess = () => {
        const db = r.result;
        if (!db.objectStoreNames.contains('device')) return ok(0);
        const c = db.transaction('device').objectStore('device').count();
        c.onsuccess = () => ok(c.result);
      };
    }))).toBe(0);

    await b.getByLabel('Sync passphrase').fill(PASSPHRASE);
    await b.getByRole('button', { name: 'Join' }).click();
    await b.waitForURL(/\/login$/, { timeout: 120_000 });
    await b.getByText('This device now has your synced library.', { exact: false }).waitFor();
    // The usual password from device A, not the first-run one.
    await signIn(b, ADMIN.email, PASSWORD);
    await b.waitForURL(/\/library$/);

    const dbB = await exportedDb(b);
    const bookB = (await dbB.get<{ id: string; file_hash: string }>('SELECT id, file_hash FROM books'))!;
    expect(bookB.file_hash).toBe(bookA.file_hash);
    await b.goto(`${baseUrl()}/read/${bookB.id}`);
    await b.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 60_000 });
    await expect(b.getByRole('textbox', { name: 'Page number' }).inputValue()).resolves.toBe('5');

    // B goes back to page 1: on A, still at page 5, that is offered, not forced.
    await b.getByRole('textbox', { name: 'Page number' }).fill('1');
    await b.getByRole('textbox', { name: 'Page number' }).press('Enter');
    await expect.poll(() => b.getByRole('textbox', { name: 'Page number' }).inputValue()).toBe('1');
    await b.waitForSelector('.reader-page[data-save-state="saved"]', { timeout: 10_000 });
    await syncRound(b);
    await syncRound(a);
    await a.goto(`${baseUrl()}/read/${bookA.id}`);
    await a.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 90_000 });
    await expect(a.getByRole('textbox', { name: 'Page number' }).inputValue()).resolves.toBe('5');
    const offer = a.getByRole('alertdialog', { name: 'Go to page 1 from another device?' });
    await offer.getByRole('button', { name: 'Go to page 1' }).click();
    await a.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 90_000 });
    await expect.poll(() => a.getByRole('textbox', { name: 'Page number' }).inputValue()).toBe('1');
    await a.reload();
    await a.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 90_000 });
    await expect(a.getByRole('textbox', { name: 'Page number' }).inputValue()).resolves.toBe('1');
    expect(await a.getByTestId('sync-offer').count()).toBe(0);

    // A collection made on B appears on A.
    await b.goto(baseUrl() + '/collections');
    await b.getByRole('button', { name: 'New collection' }).click();
    const form = b.getByRole('dialog', { name: 'New collection' });
    await form.getByLabel('Name').fill('Made on B');
    await form.getByRole('button', { name: 'Create' }).click();
    await b.waitForURL(/\/collections\/[0-9a-f-]{36}$/);
    await syncRound(b);
    await syncRound(a);
    await a.goto(baseUrl() + '/collections');
    await a.getByRole('link', { name: /Made on B/ }).first().waitFor({ timeout: 30_000 });

    // The bucket holds no readable title, email, hash or collection name.
    const objects = await bucketObjects();
    expect(objects.length).toBeGreaterThan(3);
    for (const o of objects) {
      const text = o.body.toString('latin1');
      for (const secret of [bookA.title, ADMIN.email, bookA.file_hash, 'Made on B', PASSPHRASE, PASSWORD])
        expect(text.includes(secret), `${o.key} contains ${secret}`).toBe(false);
    }
    expect(pageErrors(a)).toEqual([]);
    expect(pageErrors(b)).toEqual([]);
    await deviceA.close();
    await deviceB.close();
  }, 600_000);
});
