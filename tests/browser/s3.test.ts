import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, firstRunAdmin, launch, openPage } from './browser';
import { exportedDb, opfsFiles } from './folder';
import { corsXml, S3RVER_KEYS, startS3 } from '../unit/s3server';
import { fillBucketForm } from './browserWithBucket';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

let browser: Browser;
let s3: Awaited<ReturnType<typeof startS3>>;
let client: S3Client;

beforeAll(async () => {
  browser = await launch();
  // The app and the bucket are on different loopback ports: every call is cross-origin, so the
  // bucket's CORS rule really decides. 'nocors' has none.
  s3 = await startS3([{ name: 'books', cors: corsXml(baseUrl()) }, { name: 'nocors', cors: null }]);
  client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_KEYS });
});
afterAll(async () => {
  client?.destroy();
  await browser?.close();
  await s3?.close();
});

const put = (key: string, name: string) => client.send(new PutObjectCommand({ Bucket: 'books', Key: key, Body: fixture(name) }));

/** Clicks "Poll now" and waits until the poll's summary shows what `expected` says. */
async function pollAndWait(page: Page, expected: RegExp) {
  await page.getByRole('button', { name: 'Poll now' }).click();
  await expect.poll(() => page.getByTestId('s3-status').textContent(), { timeout: 60_000 }).toMatch(expected);
}

async function books(page: Page) {
  const db = await exportedDb(page);
  return db.all<{ id: string; title: string; file_path: string; page_count: number | null; s3_etag: string; source: string }>(
    `SELECT id, title, file_path, page_count, s3_etag, source FROM books ORDER BY file_path`,
  );
}

describe('S3 source', () => {
  it('configure, sync by key and ETag, read, keep offline, and never export the keys', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await openPage(context, '/login');
    await firstRunAdmin(page);
    await page.goto(baseUrl() + '/admin/library');

    // A bucket without a CORS rule: the browser is refused, and the app says exactly what to add.
    await fillBucketForm(page, s3.endpoint, 'nocors');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('s3-test-result');
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/no CORS rule/);
    await expect(page.getByTestId('cors-help').textContent()).resolves.toContain(`"AllowedOrigins": [\n      "${baseUrl()}"`);

    await page.getByLabel('Bucket', { exact: true }).fill('books');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/^Connected: 0 objects seen/);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('s3-status').waitFor();

    await put('shelf/TeXoutline.pdf', 'TeXoutline.pdf');
    await put('shelf/live-manual.en.epub', 'live-manual.en.epub');
    await pollAndWait(page, /2 books from the bucket/);
    let rows = await books(page);
    expect(rows.map((r) => [r.file_path, r.source])).toEqual([
      ['shelf/TeXoutline.pdf', 's3'],
      ['shelf/live-manual.en.epub', 's3'],
    ]);
    const pdf = rows[0]!;
    expect(pdf.page_count).toBe(1);

    // Replaced (new ETag): the same book, updated.
    await put('shelf/TeXoutline.pdf', 'amsldoc.pdf');
    await pollAndWait(page, /1 updated/);
    rows = await books(page);
    expect(rows[0]).toMatchObject({ id: pdf.id, page_count: 44 });
    expect(rows[0]!.s3_etag).not.toBe(pdf.s3_etag);

    // Deleted: gone from the library.
    await client.send(new DeleteObjectCommand({ Bucket: 'books', Key: 'shelf/live-manual.en.epub' }));
    await pollAndWait(page, /1 removed/);
    expect((await books(page)).map((r) => r.file_path)).toEqual(['shelf/TeXoutline.pdf']);
    await put('shelf/live-manual.en.epub', 'live-manual.en.epub');
    await pollAndWait(page, /1 added/);
    const epub = (await books(page)).find((r) => r.file_path.endsWith('.epub'))!;

    // Read both from the bucket; each is kept for offline reading once opened.
    await page.goto(`${baseUrl()}/read/${pdf.id}`);
    await page.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 30_000 });
    await expect(page.locator('.page-of').textContent()).resolves.toBe('of 44');
    await page.goto(`${baseUrl()}/read/${epub.id}`);
    await page.waitForSelector('.epub-reader[data-status="ready"]', { timeout: 30_000 });
    await expect.poll(() => opfsFiles(page, 'offline'), { timeout: 30_000 }).toEqual(expect.arrayContaining([`${pdf.id}.pdf`, `${epub.id}.epub`]));

    // The library marks the kept books.
    await page.goto(`${baseUrl()}/library`);
    await expect.poll(() => page.locator(`[data-book-id="${pdf.id}"] .offline-badge`).count(), { timeout: 15_000 }).toBe(1);

    // Offline, a kept book still opens.
    await context.setOffline(true);
    await page.goto(`${baseUrl()}/read/${pdf.id}`).catch(() => {});
    await page.reload().catch(() => {});
    await page.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 30_000 });
    await context.setOffline(false);

    // The keys are nowhere in an exported database.
    await page.goto(baseUrl() + '/admin/library');
    const exported = await exportedDb(page);
    const bytes = Buffer.from(exported.raw.export()).toString('latin1');
    expect(bytes).not.toContain(S3RVER_KEYS.secretAccessKey);
    expect(bytes).toContain('shelf/TeXoutline.pdf');
    await context.close();
  }, 300_000);
});
