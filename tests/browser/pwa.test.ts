import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN, baseUrl, CHROME_ARGS, chromePath, firstRunAdmin, launch, openPage, signIn } from './browser';
import { seedLibrary } from './seedLibrary';
import { startStaticServer } from './staticServer';
import { openSqlJs } from '../../src/db/openSqlJs';

let browser: Browser;
let work: string;
beforeAll(async () => {
  browser = await launch();
  work = mkdtempSync(join(tmpdir(), 'alex-pwa-'));
});
afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

function build(id: string): string {
  const out = join(work, id);
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
    // vitest sets NODE_ENV=test, which would make a build without import.meta.env.PROD (and so
    // without the service worker registration): build as `npm run build` does.
    env: { ...process.env, NODE_ENV: 'production', ALEX_BUILD_ID: id },
    stdio: 'inherit',
  });
  return out;
}

async function controlledBySw(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 30_000 });
}

/** Waits until the service worker has installed (precached everything) and is active. */
async function swReady(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
}

describe('PWA', () => {
  it('has a valid manifest and service worker: Chromium finds it installable', async () => {
    // A normal profile: Playwright's plain contexts count as incognito, where nothing installs.
    const profile = mkdtempSync(join(tmpdir(), 'alex-profile-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: chromePath(), headless: true, args: CHROME_ARGS });
    const page = await openPage(context, '/login');
    await swReady(page);
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[]; data?: string };
    expect(manifest.errors).toEqual([]);
    const data = JSON.parse(manifest.data!);
    expect(data).toMatchObject({ name: 'Alex', short_name: 'Alex', display: 'standalone', start_url: '/', scope: '/' });
    expect(data.icons.map((i: { sizes: string; purpose?: string }) => `${i.sizes}:${i.purpose ?? 'any'}`)).toEqual(
      expect.arrayContaining(['192x192:any', '512x512:any', '512x512:maskable']),
    );
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
    expect(installabilityErrors).toEqual([]);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('after one online visit the app starts offline, with its database, and says it is offline', async () => {
    const context = await browser.newContext();
    const { books } = await seedLibrary(context, { books: [{ fixture: 'TeXoutline.pdf', title: 'TeX outline' }] });
    const page = await openPage(context, '/login');
    await swReady(page);
    await context.setOffline(true);
    await page.reload();
    await controlledBySw(page);
    await page.getByTestId('offline-indicator').waitFor();
    await signIn(page, ADMIN.email, 'admin-password-1');
    await page.waitForURL(/\/library/);
    await expect(page.getByTestId('book-count').textContent()).resolves.toBe('1 book');
    // A local book opens in the reader with the network still off (pdf.js and its worker are precached).
    await page.goto(`${baseUrl()}/read/${books[0]!.id}`);
    await page.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 30_000 });
    await expect(page.locator('.page-of').textContent()).resolves.toBe('of 1');
    await context.close();
  });

  it('announces a new version and applies it without losing the page', async () => {
    const server = await startStaticServer(build('build-one'));
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.url + '/login');
      await swReady(page);
      await page.reload();
      await controlledBySw(page);
      await signIn(page, ADMIN.email, ADMIN.password);
      await page.getByLabel('New password').fill('update password 1');
      await page.getByLabel('Confirm password').fill('update password 1');
      await page.getByRole('button', { name: 'Save password' }).click();
      await page.waitForURL(/\/library/);
      expect(await page.evaluate(() => document.documentElement.dataset.build)).toBe('build-one');

      server.setRoot(build('build-two'));
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
      const prompt = page.getByRole('alert').filter({ hasText: 'New version available' });
      await prompt.waitFor({ timeout: 30_000 });
      const before = page.url();
      await prompt.getByRole('button', { name: 'Reload' }).click();
      await page.waitForFunction(() => document.documentElement.dataset.build === 'build-two', undefined, { timeout: 30_000 });
      expect(page.url()).toBe(before);
      await context.close();
    } finally {
      await server.close();
    }
  }, 240_000);

  it('export then restore into a fresh profile gives back the same books, progress and collections', async () => {
    const source = await browser.newContext({ acceptDownloads: true });
    const { adminPassword } = await seedLibrary(source, {
      books: [
        { fixture: 'TeXoutline.pdf', title: 'TeX outline', author: 'TeX Users Group' },
        { fixture: 'live-manual.en.epub', title: 'Live manual' },
      ],
      progress: [{ book: 0, currentPage: 1, totalPages: 1, percentComplete: 100, status: 'completed' }],
      collections: [{ name: 'Manuals', description: 'Debian docs', books: [1] }],
    });
    const page = await openPage(source, '/login');
    await signIn(page, ADMIN.email, adminPassword);
    await page.waitForURL(/\/library/);
    await page.goto(baseUrl() + '/admin/library');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export library' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^alex-library-\d{4}-\d{2}-\d{2}\.db$/);
    const exported = join(work, 'export.db');
    await download.saveAs(exported);
    await source.close();

    const target: BrowserContext = await browser.newContext({ acceptDownloads: true });
    const p2 = await openPage(target, '/login');
    await firstRunAdmin(p2, 'target admin password');
    await p2.goto(baseUrl() + '/admin/library');
    await p2.getByLabel('Backup file to restore').setInputFiles(exported);
    await p2.getByRole('button', { name: 'Replace library' }).click();
    await p2.waitForURL(/\/login/, { timeout: 30_000 });
    // The restored library has the source's admin password.
    await signIn(p2, ADMIN.email, adminPassword);
    await p2.waitForURL(/\/library/);
    await expect(p2.getByTestId('book-count').textContent()).resolves.toBe('2 books');

    await p2.goto(baseUrl() + '/admin/library');
    const [again] = await Promise.all([p2.waitForEvent('download'), p2.getByRole('button', { name: 'Export library' }).click()]);
    const roundTrip = join(work, 'round-trip.db');
    await again.saveAs(roundTrip);
    await target.close();

    const a = await openSqlJs(new Uint8Array(readFileSync(exported)));
    const b = await openSqlJs(new Uint8Array(readFileSync(roundTrip)));
    for (const q of [
      'SELECT id, title, author, file_path, file_hash FROM books ORDER BY id',
      'SELECT user_id, book_id, current_page, percent_complete, status FROM reading_progress ORDER BY id',
      'SELECT c.name, c.description, cb.book_id FROM collections c JOIN collection_books cb ON cb.collection_id = c.id ORDER BY c.name',
      'SELECT id, email, role FROM users ORDER BY id',
    ]) {
      const rows = await a.all(q);
      expect(rows.length).toBeGreaterThan(0);
      expect(await b.all(q)).toEqual(rows);
    }
  });
});
