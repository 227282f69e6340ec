import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN, baseUrl, openPage, pageErrors, signIn } from './browser';
import { browserWithBucket, fillBucketForm } from './browserWithBucket';
import { buildLibrary, installLibrary } from './libraryFixtures';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { listKeys } from '../../src/publish/bucketObjects';

/** Owner writes (PUT, DELETE) and visitors read (GET with Range), from the app's origin only. */
const corsXml = (origin: string) =>
  `<CORSConfiguration><CORSRule><AllowedOrigin>${origin}</AllowedOrigin>${['GET', 'HEAD', 'PUT', 'DELETE'].map((m) => `<AllowedMethod>${m}</AllowedMethod>`).join('')}<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><ExposeHeader>Content-Range</ExposeHeader><ExposeHeader>Content-Length</ExposeHeader><ExposeHeader>Accept-Ranges</ExposeHeader></CORSRule></CORSConfiguration>`;

const h = browserWithBucket([{ name: 'books', cors: corsXml }]);

const gridTitles = async (page: Page) => {
  await page.waitForFunction(() => {
    const g = document.querySelector('.book-grid');
    return g && g.getAttribute('aria-busy') === 'false' && !g.querySelector('.card-skeleton');
  });
  return page.locator('.book-grid .book-title').allTextContents();
};

async function configureBucket(page: Page) {
  await page.goto(baseUrl() + '/admin/library');
  await fillBucketForm(page, h.s3.endpoint);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('s3-status').waitFor();
}

describe('published share links', () => {
  it('the owner publishes; a fresh browser opens the link signed out, sees exactly the books and reads one; Stop sharing empties the prefix', async () => {
    const owner = await h.browser.newContext();
    const lib = await buildLibrary({
      books: [
        { title: 'An Introduction to R', author: 'W. N. Venables', fixture: 'R-intro.pdf' },
        { title: 'Live manual', author: 'Debian', fixture: 'live-manual.en.epub' },
        { title: 'Private diary', author: 'Owner Person', fixture: 'amsldoc.pdf' },
      ],
      extra: async (db, users) => {
        const { insertCollection, addBookToCollection } = await import('../../src/db/queries/collections');
        const c = await insertCollection(db, users[ADMIN.email]!, 'Weekend', 'Two to start');
        for (const b of await db.all<{ id: string }>(`SELECT id FROM books WHERE title <> 'Private diary'`)) await addBookToCollection(db, c.id, b.id);
      },
    });
    await installLibrary(owner, lib);
    const page = await openPage(owner, '/login');
    await page.getByLabel('Email').waitFor({ timeout: 90_000 }).catch(async (e) => {
      await page.screenshot({ path: 'test-results/publish-login.png' });
      throw e;
    });
    await signIn(page, ADMIN.email, 'admin-password-1');
    await page.waitForURL(/\/library$/);
    await configureBucket(page);

    await page.goto(`${baseUrl()}/collections`);
    await page.getByRole('link', { name: /Weekend/ }).click();
    await page.getByRole('button', { name: 'Share' }).click();
    const share = page.getByRole('dialog', { name: /Share/ });
    await share.getByRole('button', { name: 'Publish link' }).click();
    await share.getByTestId('publish-status').waitFor({ timeout: 60_000 });
    await expect.poll(() => share.getByTestId('publish-access').textContent(), { timeout: 15_000 }).toBe('Checked: visitors can open it.');
    const link = await share.getByRole('textbox', { name: 'Share link' }).inputValue();
    expect(link).toMatch(new RegExp(`^${baseUrl()}/shared/[A-Za-z0-9_-]{22}#m=`));
    const keys = await listKeys(h.client, 'books', '.published/');
    expect(keys.filter((k) => k.endsWith('manifest.json'))).toHaveLength(1);
    expect(keys.filter((k) => k.includes('/books/'))).toHaveLength(2);
    await page.screenshot({ path: 'test-results/publish-dialog.png' });

    // A different browser profile: no library, never signed in.
    const visitorContext = await h.browser.newContext();
    const visitor = await openPage(visitorContext, '/');
    await visitor.goto(link);
    await visitor.getByRole('heading', { name: 'Weekend' }).waitFor({ timeout: 60_000 }).catch(async (e) => {
      await visitor.screenshot({ path: 'test-results/publish-visitor-fail.png' });
      throw new Error(`${e}\n${await visitor.locator('body').textContent()}\n${pageErrors(visitor).join('\n')}`);
    });
    await visitor.getByText('Two to start').waitFor();
    await expect.poll(() => gridTitles(visitor), { timeout: 15_000 }).toEqual(['An Introduction to R', 'Live manual']);
    expect(await visitor.locator('body').textContent()).not.toMatch(/Private diary|Administrator|Sign in/);
    await visitor.screenshot({ path: 'test-results/publish-visitor.png' });

    await visitor.getByRole('link', { name: /^An Introduction to R/ }).click();
    await visitor.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 30_000 });
    const token = new URL(link).pathname.split('/')[2]!;
    const bookId = new URL(visitor.url()).pathname.split('/').pop()!;
    await visitor.getByRole('button', { name: 'Next page' }).click();
    await expect
      .poll(() => visitor.evaluate((key) => localStorage.getItem(key), `shared-progress:${token}:${bookId}`), { timeout: 10_000 })
      .toContain('"currentPage":2');
    // The EPUB opens too.
    await visitor.goto(link);
    await visitor.getByRole('link', { name: /^Live manual/ }).click();
    await visitor.waitForSelector('.epub-reader[data-status="ready"]', { timeout: 30_000 });
    expect(await visitorContext.cookies()).toEqual([]);
    expect(pageErrors(visitor)).toEqual([]);

    // Stop sharing: the copy is deleted and the link is dead.
    await share.getByRole('button', { name: 'Stop sharing' }).click();
    await share.getByRole('button', { name: 'Create link' }).waitFor({ timeout: 30_000 });
    expect(await listKeys(h.client, 'books', '.published/')).toEqual([]);
    await visitor.goto(link);
    await visitor.getByText('This link is no longer shared').waitFor({ timeout: 30_000 });

    // Published again as links that expire, encrypted: the bucket holds nothing readable, yet the
    // visitor's browser reads the collection and its books with the key from the link.
    await share.getByRole('button', { name: 'Create link' }).click();
    await share.getByLabel(/Links that expire/).check();
    await share.getByLabel('Expires after').selectOption('3');
    await share.getByLabel(/Encrypt the copy/).check();
    await share.getByRole('button', { name: 'Publish link' }).click();
    await share.getByTestId('publish-status').waitFor({ timeout: 60_000 });
    await expect(share.getByTestId('publish-status').textContent()).resolves.toMatch(/can read it until .*The copy is encrypted/);
    const sealedLink = await share.getByRole('textbox', { name: 'Share link' }).inputValue();
    expect(sealedLink).not.toBe(link);
    for (const key of await listKeys(h.client, 'books', '.published/')) {
      const body = Buffer.from(await (await h.client.send(new GetObjectCommand({ Bucket: 'books', Key: key }))).Body!.transformToByteArray()).toString('latin1');
      for (const plain of ['Weekend', 'Two to start', 'An Introduction to R', 'Venables', '%PDF']) expect(body, `${key} holds "${plain}"`).not.toContain(plain);
    }
    await visitor.goto(sealedLink);
    await visitor.getByRole('heading', { name: 'Weekend' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => gridTitles(visitor), { timeout: 15_000 }).toEqual(['An Introduction to R', 'Live manual']);
    await visitor.getByRole('link', { name: /^An Introduction to R/ }).click();
    await visitor.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 30_000 });
    expect(pageErrors(visitor)).toEqual([]);

    await visitorContext.close();
    await owner.close();
  }, 480_000);
});
