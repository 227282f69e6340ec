import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN, baseUrl, firstRunAdmin, launch, openPage, signIn } from './browser';
import { exportedDb } from './folder';
import { FIXTURES, seedLibrary, type SeedBook } from './seedLibrary';
import { beaconEpub, documentsAsImagesEpub } from './hostileEpubs';
import { openSqlJs } from '../../src/db/openSqlJs';
import { migrate } from '../../src/db/migrate';
import { loadMigrations } from '../../src/db/loadMigrations';
import { seedDefaultAdmin } from '../../src/db/queries/users';
import { insertBook } from '../../src/db/queries/books';
import { hashPassword } from '../../src/domain/passwords';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const WORK = mkdtempSync(join(tmpdir(), 'alex-security-'));
function generated(name: string, bytes: Uint8Array): string {
  const path = join(WORK, name);
  writeFileSync(path, bytes);
  return relative(FIXTURES, path);
}

/** A server on loopback that records every request it gets (the "book opened" beacon). */
async function startBeaconServer(): Promise<{ origin: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

async function openBook(context: BrowserContext, book: SeedBook): Promise<Page> {
  const seeded = await seedLibrary(context, { books: [book] });
  const page = await openPage(context, '/login');
  await signIn(page, ADMIN.email, seeded.adminPassword);
  await page.waitForURL(/\/library/);
  await page.goto(`${baseUrl()}/read/${seeded.books[0]!.id}`);
  await page.waitForSelector('.epub-reader[data-status="ready"]', { timeout: 30_000 });
  return page;
}

/** Waits until the shown page has settled: every image loaded or failed, every font face done. */
async function settled(page: Page) {
  const frame = page.frameLocator('.epub-viewer iframe').first();
  await frame.locator('body').evaluate(async (body) => {
    const doc = body.ownerDocument;
    await Promise.all(Array.from(doc.images, (img) => img.decode().catch(() => {})));
    await doc.fonts.ready;
  });
}

describe('Content-Security-Policy', { timeout: 180_000 }, () => {
  it('is sent by the preview server and carried by the page itself', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(baseUrl() + '/login');
    const header = response!.headers()['content-security-policy'] ?? '';
    for (const directive of ["script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'self'", "form-action 'none'", "frame-ancestors 'none'"])
      expect(header).toContain(directive);
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(meta).toContain("img-src 'self' blob: data:");
    await context.close();
  });
});

describe('a hostile book', { timeout: 180_000 }, () => {
  it('makes no request: remote images, @import and @font-face are never fetched, on any page', async () => {
    const beacon = await startBeaconServer();
    try {
      const context = await browser.newContext();
      const page = await openBook(context, { fixture: generated('beacon.epub', beaconEpub(beacon.origin)), path: 'beacon.epub', title: 'Beacon' });
      const frame = page.frameLocator('.epub-viewer iframe').first();
      await frame.getByText('First page of a book that phones home.').waitFor();
      await settled(page);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.frameLocator('.epub-viewer iframe').last().getByText('Second chapter.').waitFor({ timeout: 30_000 });
      await settled(page);
      // The server is reachable: the same URL fetched by the test itself arrives.
      expect(beacon.requests).toEqual([]);
      await fetch(`${beacon.origin}/probe`);
      expect(beacon.requests).toEqual(['GET /probe']);
      await context.close();
    } finally {
      beacon.server.close();
    }
  });

  it('cannot turn an SVG or an XHTML "image" into a page of the app', async () => {
    const context = await browser.newContext();
    const page = await openBook(context, { fixture: generated('documents.epub', documentsAsImagesEpub()), path: 'documents.epub', title: 'Documents' });
    const frame = page.frameLocator('.epub-viewer iframe').first();
    await frame.getByText('Pictures that are not pictures.').waitFor();
    // Links that would open a resource of the book as a page are gone.
    await expect(frame.locator('#area').getAttribute('href')).resolves.toBeNull();
    await expect(frame.locator('#svglink').evaluate((a) => a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') ?? a.getAttribute('href'))).resolves.toBeNull();
    // What a reader would get with "Open image in new tab": the resource's own URL, at top level.
    for (const id of ['#svg', '#xhtml']) {
      const src = (await frame.locator(id).getAttribute('src'))!;
      expect(src, id).not.toMatch(/^blob:/);
      const tab = await context.newPage();
      await tab.goto(src).catch(() => {}); // Chromium may refuse outright: that is fine too
      await tab.waitForLoadState();
      await tab.close();
    }
    expect(await page.evaluate(() => localStorage.getItem('pwned'))).toBeNull();
    await context.close();
  });
});

/** A backup file as a crafted one would be: made outside the app, any rows the attacker likes. */
async function craftedBackup(name: string, craft: (db: Awaited<ReturnType<typeof openSqlJs>>) => Promise<void>): Promise<string> {
  const db = await openSqlJs();
  await migrate(db, loadMigrations());
  await seedDefaultAdmin(db, (pw) => hashPassword(pw, 4));
  await craft(db);
  const path = join(WORK, name);
  writeFileSync(path, db.raw.export());
  await db.close();
  return path;
}

async function restoreThroughUi(page: Page, file: string) {
  await page.goto(baseUrl() + '/admin/library');
  await page.getByLabel('Backup file to restore').setInputFiles(file);
  await page.getByRole('button', { name: 'Replace library' }).click();
}

describe('a crafted backup restored through the UI', { timeout: 180_000 }, () => {
  it('with no administrator is refused, and the library keeps its own', async () => {
    const file = await craftedBackup('no-admin.db', async (db) => {
      await db.run("UPDATE users SET role = 'user'");
    });
    const context = await browser.newContext();
    const page = await openPage(context, '/login');
    const password = await firstRunAdmin(page, 'the real admin password');
    await restoreThroughUi(page, file);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/Nothing was changed.*no administrator/);
    // Still signed in as the same admin, who can still manage users.
    await page.goto(baseUrl() + '/admin/users');
    await page.getByRole('heading', { name: /Users/ }).first().waitFor();
    const db = await exportedDb(page);
    expect(await db.get("SELECT COUNT(*) AS n FROM users WHERE role = 'admin'")).toEqual({ n: 1 });
    void password;
    await context.close();
  });

  it('with a cover path that names a folder is repaired, and the admin is told', async () => {
    const file = await craftedBackup('bad-cover.db', async (db) => {
      await insertBook(db, { title: 'Trap', fileType: 'pdf', filePath: 'trap.pdf', fileSize: 1, fileHash: 'd'.repeat(64) });
      await db.run("UPDATE books SET cover_path = 'imported'");
    });
    const context = await browser.newContext();
    const page = await openPage(context, '/login');
    await firstRunAdmin(page, 'the real admin password');
    await restoreThroughUi(page, file);
    const outcome = page.locator('p.form-ok, p.form-error').filter({ hasText: /Restored|Nothing was changed/ }).first();
    await expect(outcome.textContent()).resolves.toMatch(/Restored 1 book, .*1 invalid cover path was dropped/);
    await page.waitForURL(/\/login/, { timeout: 30_000 });
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.waitForURL(/\/change-password|\/library/);
    await context.close();
  });
});
