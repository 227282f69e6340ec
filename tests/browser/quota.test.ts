/**
 * Out of storage space, for real: Chromium's DevTools protocol lowers this origin's quota
 * (Storage.overrideQuotaForOrigin) to what it already uses, so every OPFS write that needs room
 * fails as it would on a full disk: createWritable with QuotaExceededError, SQLite's sync access
 * handle writes short. Nothing of the app is mocked. Each place Alex writes must end with a
 * plain message and a sound library, and finish the job once there is room again.
 *
 * QUOTA_SCREENSHOTS=/tmp/some-dir keeps a screenshot of each error state.
 */
import { mkdtempSync, mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { ADMIN, baseUrl, launch, openPage, pageErrors, signIn } from './browser';
import { FIXTURES, exportedDb, onOriginPage, opfsFiles, pickFixtureFolder, reportSeq, scanNow, chooseFolderAndScan, waitForCovers, waitForReport, writeFolderFiles } from './folder';
import { seedLibrary } from './seedLibrary';
import { buildLibrary, installLibrary } from './libraryFixtures';
import { openSqlJs } from '../../src/db/openSqlJs';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const NO_SPACE = /^Not enough storage space/;

async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.QUOTA_SCREENSHOTS;
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/**
 * The DevTools session that holds the quota override: Chromium drops the override when the
 * session that set it detaches, so there is one per context, kept until the context closes.
 */
const sessions = new WeakMap<BrowserContext, CDPSession>();
async function devtools(context: BrowserContext): Promise<CDPSession> {
  let cdp = sessions.get(context);
  if (!cdp) {
    const page = context.pages()[0] ?? (await context.newPage());
    cdp = await context.newCDPSession(page);
    sessions.set(context, cdp);
  }
  return cdp;
}

/** Makes the quota what the origin already uses (OPFS, IndexedDB, caches…) plus `room` bytes. */
async function fillStorage(context: BrowserContext, room = 0): Promise<void> {
  const cdp = await devtools(context);
  const { usage } = (await cdp.send('Storage.getUsageAndQuota', { origin: baseUrl() })) as { usage: number };
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: baseUrl(), quotaSize: usage + room });
}

/** Back to the browser's own quota. */
async function freeStorage(context: BrowserContext): Promise<void> {
  await (await devtools(context)).send('Storage.overrideQuotaForOrigin', { origin: baseUrl() });
}

interface Row {
  id: string;
  title: string;
  file_path: string;
  file_hash: string;
  cover_path: string | null;
}

/**
 * The catalogue as exported, checked: SQLite finds it sound, every cover a row names is there
 * and no other, and (import mode) every row has its copy and there is no other copy.
 */
async function soundLibrary(page: Page, opts: { imported?: boolean } = {}): Promise<Row[]> {
  // The live file itself, as SQLite left it (read between two worker calls, under their lock):
  // no hot journal, and sound.
  const live = await page.evaluate(() =>
    navigator.locks.request('alex-db', async () => {
      const root = await navigator.storage.getDirectory();
      const read = async (name: string) => new Uint8Array(await (await (await root.getFileHandle(name)).getFile()).arrayBuffer());
      const db = await read('library.db');
      let s = '';
      for (let i = 0; i < db.length; i += 0x8000) s += String.fromCharCode(...db.subarray(i, i + 0x8000));
      return { db: btoa(s), journal: (await read('library.db-journal')).length };
    }),
  );
  expect(live.journal).toBe(0);
  const file = await openSqlJs(new Uint8Array(Buffer.from(live.db, 'base64')));
  try {
    expect(await file.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
  } finally {
    await file.close();
  }
  const db = await exportedDb(page);
  let rows: Row[];
  try {
    expect(await db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
    expect(await db.all('PRAGMA foreign_key_check')).toEqual([]);
    rows = await db.all<Row>('SELECT id, title, file_path, file_hash, cover_path FROM books ORDER BY file_path');
  } finally {
    await db.close();
  }
  expect(new Set(rows.map((r) => r.file_hash)).size).toBe(rows.length);
  const covers = rows.flatMap((r) => (r.cover_path ? [r.cover_path.slice('covers/'.length)] : [])).sort();
  expect(await opfsFiles(page, 'covers')).toEqual(covers);
  if (opts.imported) expect(await opfsFiles(page, 'imported')).toEqual(rows.map((r) => r.file_path).sort());
  return rows;
}

async function signInSeeded(context: BrowserContext, password: string): Promise<Page> {
  const page = await openPage(context, '/login');
  await signIn(page, ADMIN.email, password);
  await page.waitForURL(/\/library/);
  return page;
}

const report = (page: Page) => page.getByTestId('scan-report');

describe('out of storage space, in Chromium', () => {
  it('the DevTools quota override makes OPFS writes fail as a full disk does', async () => {
    const context = await browser.newContext();
    const result = await onOriginPage(context, async (page) => {
      // Files made before (a full disk lets existing files be opened, not new ones be created).
      await page.evaluate(async () => {
        const dir = await navigator.storage.getDirectory();
        const w = await (await dir.getFileHandle('before.bin', { create: true })).createWritable();
        await w.write(new Uint8Array(100_000));
        await w.close();
        await dir.getFileHandle('sync.bin', { create: true });
      });
      await fillStorage(context);
      return page.evaluate(async () => {
        const dir = await navigator.storage.getDirectory();
        let writable = 'written';
        try {
          const w = await (await dir.getFileHandle('before.bin')).createWritable({ keepExistingData: true });
          await w.write({ type: 'write', position: 100_000, data: new Uint8Array(100_000) });
          await w.close();
        } catch (e) {
          writable = (e as Error).name;
        }
        let created = 'created';
        await dir.getFileHandle('new.bin', { create: true }).catch((e: Error) => (created = e.name));
        // The SQLite VFS writes through a sync access handle, which exists only in workers.
        const src = `onmessage = async () => {
          try {
            const h = await (await (await navigator.storage.getDirectory()).getFileHandle('sync.bin')).createSyncAccessHandle();
            let n; try { n = h.write(new Uint8Array(100000), { at: 0 }); } catch (e) { n = e.name; }
            const size = h.getSize();
            h.close();
            postMessage({ n, size });
          } catch (e) { postMessage({ n: 'open: ' + e.name, size: -1 }); }
        }`;
        const worker = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
        const sync = await new Promise<{ n: number | string; size: number }>((resolve) => {
          worker.onmessage = (e) => resolve(e.data);
          worker.postMessage(null);
        });
        worker.terminate();
        return { writable, created, sync };
      });
    });
    expect(result.writable).toBe('QuotaExceededError');
    expect(result.created).toBe('QuotaExceededError');
    // A sync access handle neither throws nor writes it all: write() returns a count that is not
    // the buffer's length (Chromium 156: 2^32 - 8). src/db/open.ts makes that SQLITE_FULL.
    expect(result.sync).toMatchObject({ n: expect.any(Number) });
    expect(result.sync.n).not.toBe(100000);
    expect(result.sync.size).toBeLessThan(100000);
    await context.close();
  });

  it('a folder scan stops with a plain message, keeps the library sound, and the next scan adds the rest', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const { adminPassword } = await seedLibrary(context);
    await pickFixtureFolder(context, [{ fixture: 'TeXoutline.pdf', path: 'TeXoutline.pdf' }]);
    const page = await signInSeeded(context, adminPassword);
    await chooseFolderAndScan(page);
    const first = await soundLibrary(page);
    expect(first).toHaveLength(1);

    // An EPUB without a cover image: the first write that needs room is SQLite's (SQLITE_FULL).
    await writeFolderFiles(page, [{ fixture: 'developers-reference.epub', path: 'Debian/developers-reference.epub' }]);
    await fillStorage(context);
    await scanNow(page);
    await expect(report(page).getAttribute('data-outcome')).resolves.toBe('failed');
    await expect(report(page).getByRole('alert').textContent()).resolves.toMatch(NO_SPACE);
    await expect(report(page).getByRole('alert').textContent()).resolves.toContain('the next scan adds the books still missing');
    // Not this book's fault: it is not listed as a bad file (automatic scans would skip it).
    expect(await page.getByTestId('scan-failures').count()).toBe(0);
    await expect(page.getByTestId('folder-state').textContent()).resolves.toBe('Last scan failed');
    await shot(page, 'scan-sqlite-full');
    expect((await soundLibrary(page)).map((r) => r.id)).toEqual(first.map((r) => r.id));

    // A PDF: the scan leaves its cover to the cover pass, so again SQLite's write is the first to need room.
    await freeStorage(context);
    await writeFolderFiles(page, [{ fixture: 'amsldoc.pdf', path: 'TeX/amsldoc.pdf' }]);
    await fillStorage(context);
    await scanNow(page);
    await expect(report(page).getAttribute('data-outcome')).resolves.toBe('failed');
    await expect(report(page).getByRole('alert').textContent()).resolves.toMatch(NO_SPACE);
    expect(await page.getByTestId('scan-failures').count()).toBe(0);
    await shot(page, 'scan-cover-full');
    expect((await soundLibrary(page)).map((r) => r.id)).toEqual(first.map((r) => r.id));

    // A little room, not enough for SQLite's journal: the batch fails, and no file is left for
    // the book that was not written.
    await fillStorage(context, 20_000);
    await scanNow(page);
    await expect(report(page).getAttribute('data-outcome')).resolves.toBe('failed');
    await expect(report(page).getByRole('alert').textContent()).resolves.toMatch(NO_SPACE);
    expect((await soundLibrary(page)).map((r) => r.id)).toEqual(first.map((r) => r.id));

    // Full, the library opens and shows what it has, in this tab and in another.
    await fillStorage(context);
    await page.goto(`${baseUrl()}/library`);
    await expect(page.getByTestId('book-count').textContent()).resolves.toBe('1 book');
    const tab2 = await openPage(context, '/library');
    await expect(tab2.getByTestId('book-count').textContent()).resolves.toBe('1 book');
    await tab2.close();

    // With room again, the scan on the next page load adds what could not be added.
    await freeStorage(context);
    await page.goto(`${baseUrl()}/admin/library`);
    await page.waitForFunction(() => document.querySelector('[data-testid="folder-book-count"]')?.textContent === '3', null, { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="scan-report"]')?.getAttribute('data-outcome') === 'done');
    expect(await page.getByTestId('scan-failures').count()).toBe(0);
    await waitForCovers(page); // the PDF's cover comes after the scan
    const after = await soundLibrary(page);
    expect(after.map((r) => r.file_path)).toEqual(['Debian/developers-reference.epub', 'TeX/amsldoc.pdf', 'TeXoutline.pdf']);
    expect(after.find((r) => r.file_path === 'TeX/amsldoc.pdf')?.cover_path).toMatch(/^covers\//);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('a folder import stops with a plain message, leaves no copy without its book, and importing again finishes the job', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    await context.addInitScript(() => {
      delete (window as { showDirectoryPicker?: unknown }).showDirectoryPicker;
      delete (Window.prototype as { showDirectoryPicker?: unknown }).showDirectoryPicker;
    });
    const { adminPassword } = await seedLibrary(context);
    const dir = join(mkdtempSync(join(tmpdir(), 'alex-quota-')), 'MyBooks');
    mkdirSync(join(dir, 'Science'), { recursive: true });
    copyFileSync(join(FIXTURES, 'TeXoutline.pdf'), join(dir, 'TeXoutline.pdf'));
    const page = await signInSeeded(context, adminPassword);
    await page.goto(`${baseUrl()}/admin/library`);
    const importInput = page.getByLabel('Import a folder');
    await importInput.waitFor({ state: 'attached' });

    // Full before anything: even choosing import mode cannot be saved, and the button says why.
    await fillStorage(context);
    await importInput.setInputFiles(dir);
    const refused = page.locator('.import-button').getByRole('alert');
    await expect(refused.textContent()).resolves.toMatch(NO_SPACE);
    await shot(page, 'import-first-full');
    expect(await soundLibrary(page, { imported: true })).toEqual([]);

    await freeStorage(context);
    let seq = await reportSeq(page);
    await importInput.setInputFiles(dir);
    await waitForReport(page, seq);
    await expect(report(page).textContent()).resolves.toMatch(/1\s*added/);
    const first = await soundLibrary(page, { imported: true });

    // Two more books, one with a cover; the copies do not fit.
    copyFileSync(join(FIXTURES, 'R-intro.pdf'), join(dir, 'Science', 'R-intro.pdf'));
    copyFileSync(join(FIXTURES, 'live-manual.en.epub'), join(dir, 'live-manual.en.epub'));
    await fillStorage(context);
    seq = await reportSeq(page);
    await importInput.setInputFiles(dir);
    await waitForReport(page, seq);
    await expect(report(page).getAttribute('data-outcome')).resolves.toBe('failed');
    await expect(report(page).getByRole('alert').textContent()).resolves.toMatch(NO_SPACE);
    await expect(report(page).getByRole('alert').textContent()).resolves.toContain('import the folder again');
    expect(await page.getByTestId('scan-failures').count()).toBe(0);
    await shot(page, 'import-full');
    expect((await soundLibrary(page, { imported: true })).map((r) => r.id)).toEqual(first.map((r) => r.id));

    // Removing the imported books needs a little room too (SQLite's journal): it says so.
    await page.getByRole('button', { name: 'Remove imported books' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    await expect(page.locator('.actions + .form-error[role="alert"], .actions .form-error[role="alert"]').first().textContent()).resolves.toMatch(NO_SPACE);
    await shot(page, 'remove-full');
    expect((await soundLibrary(page, { imported: true })).map((r) => r.id)).toEqual(first.map((r) => r.id));

    await freeStorage(context);
    seq = await reportSeq(page);
    await importInput.setInputFiles(dir);
    await waitForReport(page, seq);
    await expect(report(page).getAttribute('data-outcome')).resolves.toBe('done');
    const text = await report(page).textContent();
    expect(text).toMatch(/2\s*added/);
    expect(text).toMatch(/1\s*unchanged/);
    const after = await soundLibrary(page, { imported: true });
    expect(after.map((r) => r.file_path)).toEqual(['MyBooks/Science/R-intro.pdf', 'MyBooks/TeXoutline.pdf', 'MyBooks/live-manual.en.epub']);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('a reader says it has no room to save the place, reading goes on, and the place is saved once there is room', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const { adminPassword, books } = await seedLibrary(context, { books: [{ fixture: 'amsldoc.pdf', title: 'User’s Guide for the amsmath Package' }] });
    // Signing in writes a session: full, the form says why it cannot.
    const page = await openPage(context, '/login');
    await page.getByLabel('Email').waitFor();
    await fillStorage(context);
    await signIn(page, ADMIN.email, adminPassword);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(NO_SPACE);
    await shot(page, 'sign-in-full');
    await freeStorage(context);
    await signIn(page, ADMIN.email, adminPassword);
    await page.waitForURL(/\/library/);
    const book = books[0]!;
    await page.goto(`${baseUrl()}/read/${book.id}`);
    await page.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 30_000 });
    await page.waitForSelector('.reader-page[data-save-state="saved"]', { timeout: 10_000 });
    const pageNumber = page.getByRole('textbox', { name: 'Page number' });

    await fillStorage(context);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.waitForSelector('.reader-page[data-save-state="error"]', { timeout: 10_000 });
    await expect(page.locator('.save-error').textContent()).resolves.toMatch(/^Not enough storage space to save your place in this book\. Reading goes on/);
    await expect.poll(() => pageNumber.inputValue()).toBe('2');
    await shot(page, 'reader-full');
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => pageNumber.inputValue()).toBe('3');
    await page.waitForSelector('.reader-page[data-save-state="error"]', { timeout: 10_000 });

    const progress = async () => {
      await soundLibrary(page, { imported: true });
      const db = await exportedDb(page);
      try {
        return await db.get<{ current_page: number }>('SELECT current_page FROM reading_progress WHERE book_id = ?', [book.id]);
      } finally {
        await db.close();
      }
    };
    const reader = page.url();
    expect(await progress()).toEqual({ current_page: 1 });

    await freeStorage(context);
    await page.goto(reader);
    await page.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 30_000 });
    await expect(pageNumber.inputValue()).resolves.toBe('1');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.waitForSelector('.reader-page[data-save-state="saved"]', { timeout: 10_000 });
    expect(await page.locator('.save-error').count()).toBe(0);
    expect(await progress()).toEqual({ current_page: 2 });
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('a restore without room says so and leaves the library as it was; with room it restores', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const { adminPassword } = await seedLibrary(context, { books: [{ fixture: 'TeXoutline.pdf', title: 'TeX outline' }] });
    const page = await signInSeeded(context, adminPassword);
    // The backup: this library, with the book renamed.
    await page.goto(`${baseUrl()}/admin/library`);
    const backup = await exportedDb(page);
    await backup.run("UPDATE books SET title = 'TeX outline, restored'");
    const file = join(mkdtempSync(join(tmpdir(), 'alex-quota-')), 'backup.db');
    writeFileSync(file, backup.raw.export());
    await backup.close();

    await fillStorage(context);
    await page.getByLabel('Backup file to restore').setInputFiles(file);
    await page.getByRole('button', { name: 'Replace library' }).click();
    const message = page.getByRole('region', { name: 'Backup and restore' }).getByRole('alert');
    await expect(message.textContent()).resolves.toMatch(/^Not enough storage space to restore this backup: the library was not changed\./);
    await expect(page.getByRole('button', { name: 'Restore…' }).isEnabled()).resolves.toBe(true);
    await shot(page, 'restore-full');
    expect((await soundLibrary(page, { imported: true })).map((r) => r.title)).toEqual(['TeX outline']);

    await freeStorage(context);
    await page.getByLabel('Backup file to restore').setInputFiles(file);
    await page.getByRole('button', { name: 'Replace library' }).click();
    await page.waitForURL(/\/login/, { timeout: 30_000 });
    await signIn(page, ADMIN.email, adminPassword);
    await page.waitForURL(/\/library/);
    const restored = await exportedDb(page);
    expect(await restored.all('SELECT title FROM books')).toEqual([{ title: 'TeX outline, restored' }]);
    await restored.close();
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
  it('the text index stops with a plain message when the disk fills, loses nothing, and goes on by itself once there is room', async () => {
    const context = await browser.newContext();
    const lib = await buildLibrary({
      books: [
        { title: 'An Introduction to R', fixture: 'R-intro.pdf' },
        { title: 'Live Systems Manual', fixture: 'live-manual.en.epub' },
        { title: 'Tides', fixture: 'pandoc-chapters.epub' },
      ],
    });
    await installLibrary(context, lib);
    // Paused from the first load (until Resume), so the disk is full before the index writes a thing;
    // and every count the panel shows is kept, to see that it only goes forward.
    await context.addInitScript(() => {
      if (!localStorage.getItem('alex-text-index-paused')) localStorage.setItem('alex-text-index-paused', '1');
      const seen: string[] = ((window as unknown as { __counts: string[] }).__counts = []);
      new MutationObserver(() => {
        const t = document.querySelector('[data-testid="text-index-count"]')?.textContent;
        if (t && seen[seen.length - 1] !== t) seen.push(t);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const page = await signInSeeded(context, 'admin-password-1');
    await page.goto(`${baseUrl()}/admin/library`);
    const count = page.getByTestId('text-index-count');
    await expect.poll(() => count.textContent(), { timeout: 60_000 }).toBe('Text index: 0 of 3 books (paused)');

    await fillStorage(context);
    await page.getByRole('button', { name: 'Resume' }).click();
    const message = page.locator('.text-index-panel [role="status"]');
    await expect.poll(() => message.textContent(), { timeout: 120_000 }).toMatch(NO_SPACE);
    await shot(page, 'text-index-full');
    const stoppedAt = Number(/(\d) of/.exec((await count.textContent())!)![1]);
    expect(stoppedAt).toBeLessThan(3);
    // The catalogue is untouched: every book and its file, SQLite finds it sound.
    expect((await soundLibrary(page, { imported: true })).map((r) => r.title).sort()).toEqual(['An Introduction to R', 'Live Systems Manual', 'Tides']);

    // Room again: the index goes on by itself (no click), from where it stopped, to the end.
    await freeStorage(context);
    await expect.poll(() => count.textContent(), { timeout: 240_000 }).toBe('Text index: 3 of 3 books');
    await expect.poll(() => message.count(), { timeout: 30_000 }).toBe(0);
    const counts = await page.evaluate(() => (window as unknown as { __counts: string[] }).__counts);
    const settled = counts.filter((c) => / of 3 /.test(c)).map((c) => Number(/(\d) of/.exec(c)![1]));
    expect(settled.slice(settled.indexOf(stoppedAt))).toEqual([...settled.slice(settled.indexOf(stoppedAt))].sort());

    await page.goto(`${baseUrl()}/library`);
    await page.getByRole('searchbox', { name: 'Search' }).fill('"reading data from files"');
    await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
    await expect.poll(() => page.getByTestId('in-the-text').getByTestId('text-hit').count(), { timeout: 30_000 }).toBe(1);
    expect((await soundLibrary(page, { imported: true })).length).toBe(3);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  }, 480_000);
});
