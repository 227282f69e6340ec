/**
 * Annotations through sync (issue 14, "later annotations and bookmarks through the same
 * mechanism"), two Chromium profiles against s3rver: a highlight made on A in a book is on B, in
 * the same book (each device has its own book id; the record goes by the file's hash).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { ADMIN, baseUrl, firstRunAdmin, openPage, pageErrors, signIn } from './browser';
import { browserWithBucket, fillBucketForm } from './browserWithBucket';
import { exportedDb, FIXTURES } from './folder';
import { pdfReady, selectText } from './annotationHelpers';
import { joinFromSignIn, PASSWORD, syncRound, syncStatus, turnOnSync } from './syncHelpers';

const h = browserWithBucket();

const onlyBook = async (page: Page) => (await (await exportedDb(page)).get<{ id: string; file_hash: string }>('SELECT id, file_hash FROM books'))!;

describe('annotations through sync', () => {
  it('a highlight made on A is sent by itself and appears on B in the same book', async () => {
    await h.client.send(new PutObjectCommand({ Bucket: 'books', Key: 'shelf/R-intro.pdf', Body: readFileSync(join(FIXTURES, 'R-intro.pdf')) }));
    const deviceA = await h.browser.newContext({ viewport: { width: 1200, height: 850 }, acceptDownloads: true });
    const a = await openPage(deviceA, '/login');
    await firstRunAdmin(a, PASSWORD);
    await a.goto(baseUrl() + '/admin/library');
    await fillBucketForm(a, h.s3.endpoint);
    await a.getByRole('region', { name: 'S3 bucket' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => a.getByTestId('s3-status').textContent(), { timeout: 60_000 }).toMatch(/^1 book from the bucket/);
    await turnOnSync(a);

    const deviceB = await h.browser.newContext({ viewport: { width: 1200, height: 850 }, acceptDownloads: true });
    const b = await openPage(deviceB, '/login');
    await joinFromSignIn(b, h.s3.endpoint);
    await signIn(b, ADMIN.email, PASSWORD);
    await b.waitForURL(/\/library$/);

    // A highlights the start of page 1.
    const bookA = await onlyBook(a);
    await a.goto(`${baseUrl()}/read/${bookA.id}`);
    await pdfReady(a);
    const textLayer = a.locator('.page[data-page-number="1"] .textLayer');
    await textLayer.locator('span').first().waitFor();
    const quote = await textLayer.evaluate(selectText, 12);
    await a.getByRole('button', { name: 'Highlight green' }).click();
    await a.locator('.pdf-annot-rect').first().waitFor();
    const madeAt = Date.now();

    // The change starts a round by itself (no "Sync now").
    await a.goto(baseUrl() + '/admin/library');
    await expect
      .poll(async () => {
        const s = syncStatus(a);
        return Number((await s.getAttribute('data-synced-at')) || 0) > madeAt && (await s.getAttribute('data-pending')) === '0';
      }, { timeout: 45_000 })
      .toBe(true);

    // B pulls it and shows it in its own copy of the book.
    await syncRound(b);
    const bookB = await onlyBook(b);
    expect(bookB.file_hash).toBe(bookA.file_hash);
    const rows = await (await exportedDb(b)).all<{ book_id: string; kind: string; color: string }>('SELECT book_id, kind, color FROM annotations');
    expect(rows).toEqual([{ book_id: bookB.id, kind: 'highlight', color: 'green' }]);
    await b.goto(`${baseUrl()}/read/${bookB.id}`);
    await pdfReady(b);
    await b.locator('.page[data-page-number="1"] .pdf-annot-rect').first().waitFor({ timeout: 30_000 });
    await b.getByRole('button', { name: 'Annotations' }).click();
    const panel = b.getByRole('navigation', { name: 'Annotations' });
    await expect.poll(() => panel.getByRole('button', { name: /^Highlight/ }).allTextContents()).toEqual([expect.stringContaining(quote)]);

    expect(pageErrors(a)).toEqual([]);
    expect(pageErrors(b)).toEqual([]);
    await deviceA.close();
    await deviceB.close();
  }, 600_000);
});
