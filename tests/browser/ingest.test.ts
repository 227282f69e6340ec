import { mkdtempSync, mkdirSync, copyFileSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN, baseUrl, firstRunAdmin, launch, openPage, pageErrors, signIn } from './browser';
import { seedLibrary } from './seedLibrary';
import { automaticScan } from './automaticScan';
import { lockHolder } from './lockHolder';
import {
  FIXTURES,
  chooseFolderAndScan,
  exportedDb,
  opfsFiles,
  pickFixtureFolder,
  removeFolderFiles,
  renameFolderFile,
  reportSeq,
  scanNow,
  setPickedFolder,
  waitForCovers,
  waitForReport,
  writeFolderFiles,
} from './folder';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Row {
  id: string;
  title: string;
  author: string | null;
  file_path: string;
  file_type: string;
  file_hash: string;
  cover_path: string | null;
  page_count: number | null;
}

async function books(page: Page): Promise<Row[]> {
  const db = await exportedDb(page);
  try {
    return await db.all<Row>('SELECT id, title, author, file_path, file_type, file_hash, cover_path, page_count FROM books ORDER BY file_path');
  } finally {
    await db.close();
  }
}

const coverFiles = (rows: Row[]) => rows.flatMap((b) => (b.cover_path ? [b.cover_path.slice('covers/'.length)] : [])).sort();

const report = (page: Page) => page.getByTestId('scan-report');

/**
 * Another tab holds the cover pass (one at a time across tabs), then the first-run admin chooses
 * the picked folder and the scan reports: the covers stay owed, whatever the machine's speed,
 * until the test lets the holder go.
 */
async function firstScanWithCoversHeld(context: BrowserContext) {
  const holder = await lockHolder(context);
  await holder.hold('alex-covers');
  const page = await openPage(context, '/login');
  await firstRunAdmin(page);
  await chooseFolderAndScan(page, { covers: false });
  return { holder, page };
}

describe('local folder ingestion in Chromium', () => {
  it('a picked folder fills the library and the next scans follow every change in it', async () => {
    const context = await browser.newContext();
    await pickFixtureFolder(context, [
      { fixture: 'R-intro.pdf', path: 'Science/R-intro.pdf' },
      { fixture: 'amsldoc.pdf', path: 'TeX/amsldoc.pdf' },
      { fixture: 'live-manual.en.epub', path: 'Debian/live-manual.en.epub' },
      { bytes: 'This is a text file, not a PDF.\n', path: 'Broken/notes.pdf' },
      { bytes: 'ignored', path: '.hidden/secret.pdf' },
      { bytes: 'ignored', path: 'readme.txt' },
    ]);
    const page = await openPage(context, '/login');
    await firstRunAdmin(page);
    await page.getByRole('button', { name: 'Choose folder' }).waitFor(); // the empty library offers it
    await chooseFolderAndScan(page);

    await expect(report(page).textContent()).resolves.toMatch(/3\s*added/);
    const failures = page.getByTestId('scan-failures');
    await expect(failures.textContent()).resolves.toContain('Broken/notes.pdf');
    await expect(failures.textContent()).resolves.toContain('not a PDF');
    await expect(page.getByTestId('folder-name').textContent()).resolves.toBe('test-books');
    await expect(page.getByTestId('folder-book-count').textContent()).resolves.toBe('3');

    const first = await books(page);
    expect(first.map((b) => [b.file_path, b.file_type])).toEqual([
      ['Debian/live-manual.en.epub', 'epub'],
      ['Science/R-intro.pdf', 'pdf'],
      ['TeX/amsldoc.pdf', 'pdf'],
    ]);
    const byPath = new Map(first.map((b) => [b.file_path, b]));
    // These PDFs carry no title: the file name, tidied, stands in.
    expect(byPath.get('Science/R-intro.pdf')).toMatchObject({ title: 'R intro', page_count: 113 });
    expect(byPath.get('TeX/amsldoc.pdf')).toMatchObject({ page_count: 44 });
    expect(byPath.get('Debian/live-manual.en.epub')).toMatchObject({ title: 'Live Systems Manual', author: expect.stringMatching(/^Live Systems Project/) });
    // PDFs get their first page as a cover; these EPUBs have no cover image (icons only).
    for (const b of first) expect(b.cover_path).toBe(b.file_type === 'pdf' ? `covers/${b.file_hash}.webp` : null);
    expect(await opfsFiles(page, 'covers')).toEqual(coverFiles(first));

    // Change the folder: add one, rename one, change one, delete one.
    const rIntro = byPath.get('Science/R-intro.pdf')!;
    await writeFolderFiles(page, [{ fixture: 'developers-reference.epub', path: 'Debian/developers-reference.epub' }]);
    await renameFolderFile(page, 'Science/R-intro.pdf', 'Statistics/R, an introduction.pdf');
    const amsldoc = readFileSync(join(FIXTURES, 'amsldoc.pdf'));
    await writeFolderFiles(page, [{ path: 'TeX/amsldoc.pdf', bytes: Buffer.concat([amsldoc, Buffer.from('\n% second printing\n')]) }]);
    await removeFolderFiles(page, ['Debian/live-manual.en.epub']);
    // A change in place is in the report of Check every file whenever its record comes.
    await scanNow(page, { every: true });
    await expect(report(page).getAttribute('data-listed-from')).resolves.toBe('walk');
    await expect(page.getByTestId('scan-kind').textContent()).resolves.toBe('Every file checked.');
    const text = await report(page).textContent();
    expect(text).toMatch(/1\s*added/);
    expect(text).toMatch(/1\s*updated/);
    expect(text).toMatch(/1\s*moved or renamed/);
    expect(text).toMatch(/1\s*removed/);

    const second = await books(page);
    const after = new Map(second.map((b) => [b.file_path, b]));
    expect([...after.keys()]).toEqual(['Debian/developers-reference.epub', 'Statistics/R, an introduction.pdf', 'TeX/amsldoc.pdf']);
    expect(after.get('Statistics/R, an introduction.pdf')?.id).toBe(rIntro.id);
    expect(after.get('TeX/amsldoc.pdf')?.id).toBe(byPath.get('TeX/amsldoc.pdf')!.id);
    expect(after.get('TeX/amsldoc.pdf')?.file_hash).not.toBe(byPath.get('TeX/amsldoc.pdf')!.file_hash);
    expect(after.get('Debian/developers-reference.epub')?.author).toBe("Developer's Reference Team");
    // Covers follow: the changed book's old cover and the deleted book's cover are gone.
    expect(await opfsFiles(page, 'covers')).toEqual(coverFiles(second));

    // A reload keeps everything, and the automatic scan on start finds nothing to do.
    await page.reload();
    await page.getByTestId('folder-book-count').waitFor();
    await expect(page.getByTestId('folder-book-count').textContent()).resolves.toBe('3');
    expect((await books(page)).map((b) => b.id).sort()).toEqual(second.map((b) => b.id).sort());

    // Disconnect: the books leave the library with their covers; the folder is untouched.
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('button', { name: 'Choose folder' }).waitFor();
    expect(await books(page)).toEqual([]);
    expect(await opfsFiles(page, 'covers')).toEqual([]);
    expect(await opfsFiles(page, 'test-books')).toContain('Statistics/R, an introduction.pdf');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  }, 180_000);

  it('disconnecting asks in the singular for one book, whether the folder is connected or imported', async () => {
    const context = await browser.newContext();
    await pickFixtureFolder(context, [{ fixture: 'TeXoutline.pdf', path: 'TeXoutline.pdf' }]);
    const page = await openPage(context, '/login');
    await firstRunAdmin(page);
    await chooseFolderAndScan(page, { covers: false });
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect(page.getByRole('alertdialog').textContent()).resolves.toContain('Its 1 book leaves the library, with its reading progress and places in collections.');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Keep it' }).click();
    await context.close();

    const imported = await browser.newContext();
    const seeded = await seedLibrary(imported, { books: [{ fixture: 'TeXoutline.pdf' }] });
    const tab = await openPage(imported, '/login');
    await signIn(tab, ADMIN.email, seeded.adminPassword);
    await tab.waitForURL(/\/library/);
    await tab.goto(`${baseUrl()}/admin/library`);
    await tab.getByRole('button', { name: 'Remove imported books' }).click();
    await expect(tab.getByRole('alertdialog').textContent()).resolves.toContain('Remove the 1 imported book and its copy in this browser? Reading progress and places in collections for it are lost.');
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(tab)).toEqual([]);
    await imported.close();
  }, 180_000);

  it('changing to another folder asks first, then keeps the books found in it', async () => {
    const context = await browser.newContext();
    await pickFixtureFolder(context, [
      { fixture: 'TeXoutline.pdf', path: 'TeXoutline.pdf' },
      { fixture: 'live-manual.en.epub', path: 'Debian/live-manual.en.epub' },
    ]);
    const page = await openPage(context, '/login');
    await firstRunAdmin(page);
    await chooseFolderAndScan(page);
    const before = await books(page);
    const live = before.find((b) => b.file_path === 'Debian/live-manual.en.epub')!;

    await writeFolderFiles(page, [{ fixture: 'live-manual.en.epub', path: 'Manuals/live-manual.en.epub' }, { fixture: 'amsldoc.pdf', path: 'amsldoc.pdf' }], 'other-books');
    await setPickedFolder(page, 'other-books');
    await page.getByRole('button', { name: 'Change folder' }).click();
    const dialog = page.getByRole('dialog', { name: 'Use “other-books”?' });
    await expect(dialog.textContent()).resolves.toContain('will leave the library');
    await dialog.getByRole('button', { name: 'Keep the current folder' }).click();
    await expect(page.getByTestId('folder-name').textContent()).resolves.toBe('test-books');

    const seq = await reportSeq(page);
    await page.getByRole('button', { name: 'Change folder' }).click();
    await dialog.getByRole('button', { name: 'Use “other-books”' }).click();
    await waitForReport(page, seq);
    await expect(page.getByTestId('folder-name').textContent()).resolves.toBe('other-books');
    const after = await books(page);
    expect(after.map((b) => b.file_path)).toEqual(['Manuals/live-manual.en.epub', 'amsldoc.pdf']);
    expect(after[0]!.id).toBe(live.id); // same content found in the new folder: same book
    await context.close();
  }, 180_000);

  it('after a restart the browser asks again: one "Reconnect folder" button, then scanning resumes', async () => {
    const context = await browser.newContext();
    await pickFixtureFolder(context, [{ fixture: 'TeXoutline.pdf', path: 'TeXoutline.pdf' }]);
    // What Chromium does after a restart: the stored handle's permission is back to 'prompt'
    // until the user clicks. Simulated with a flag the test sets.
    await context.addInitScript(() => {
      const proto = FileSystemHandle.prototype as unknown as Record<string, unknown>;
      const query = proto.queryPermission as (this: FileSystemHandle, d: unknown) => Promise<PermissionState>;
      proto.queryPermission = function (this: FileSystemHandle, d: unknown) {
        return localStorage.getItem('test-permission') === 'prompt' ? Promise.resolve('prompt') : query.call(this, d);
      };
      proto.requestPermission = function () {
        localStorage.removeItem('test-permission');
        return Promise.resolve('granted');
      };
    });
    const page = await openPage(context, '/login');
    await firstRunAdmin(page);
    await chooseFolderAndScan(page);
    await page.evaluate(() => localStorage.setItem('test-permission', 'prompt'));
    await writeFolderFiles(page, [{ fixture: 'amsldoc.pdf', path: 'amsldoc.pdf' }]);

    await page.goto(baseUrl() + '/library');
    const reconnect = page.getByRole('button', { name: 'Reconnect folder' });
    await reconnect.waitFor();
    expect(await reconnect.count()).toBe(1);
    await page.goto(baseUrl() + '/admin/library');
    await reconnect.waitFor();
    expect(await reconnect.count()).toBe(1);
    await expect(page.getByTestId('folder-state').textContent()).resolves.toBe('Waiting for permission');
    const seq = await reportSeq(page);
    await reconnect.click();
    await waitForReport(page, seq);
    expect(await reconnect.count()).toBe(0);
    await expect(report(page).textContent()).resolves.toMatch(/1\s*added/);
    await expect(page.getByTestId('folder-book-count').textContent()).resolves.toBe('2');
    await context.close();
  }, 180_000);

  it('where FileSystemObserver exists, a change in the folder is picked up without asking', async () => {
    const context = await browser.newContext();
    await pickFixtureFolder(context, [{ fixture: 'TeXoutline.pdf', path: 'TeXoutline.pdf' }], { observe: true });
    const page = await openPage(context, '/login');
    expect(await page.evaluate(() => typeof (window as { FileSystemObserver?: unknown }).FileSystemObserver)).toBe('function');
    await firstRunAdmin(page);
    await chooseFolderAndScan(page);
    await expect(page.getByTestId('folder-book-count').textContent()).resolves.toBe('1');
    await writeFolderFiles(page, [{ fixture: 'live-manual.en.epub', path: 'New/live-manual.en.epub' }]);
    await page.waitForFunction(() => document.querySelector('[data-testid="folder-book-count"]')?.textContent === '2', null, { timeout: 20_000 });
    await context.close();
  }, 180_000);

  it('an automatic rescan looks only at what changed, and finds a file added, changed, removed and moved', async () => {
    const context = await browser.newContext();
    const outline = readFileSync(join(FIXTURES, 'TeXoutline.pdf'));
    await pickFixtureFolder(context, [
      { fixture: 'TeXoutline.pdf', path: 'Shelf/TeXoutline.pdf' },
      { fixture: 'live-manual.en.epub', path: 'Shelf/live-manual.en.epub' },
      { fixture: 'developers-reference.epub', path: 'Old/developers-reference.epub' },
      { bytes: 'not a book', path: 'notes.txt' },
    ]);
    const page = await openPage(context, '/login');
    await firstRunAdmin(page);
    await chooseFolderAndScan(page);
    await expect(page.getByTestId('folder-book-count').textContent()).resolves.toBe('3');
    const before = new Map((await books(page)).map((b) => [b.file_path, b]));

    await writeFolderFiles(page, [{ path: 'New/TeXoutline, annotated.pdf', bytes: Buffer.concat([outline, Buffer.from('\n% annotated\n')]) }]);
    await writeFolderFiles(page, [{ path: 'Shelf/TeXoutline.pdf', bytes: Buffer.concat([outline, Buffer.from('\n% second printing\n')]) }]);
    await removeFolderFiles(page, ['Shelf/live-manual.en.epub']);
    await renameFolderFile(page, 'Old/developers-reference.epub', 'Debian/Developers reference.epub');

    // Scans as the app makes them on its own (here on focus; the interval and the page's own
    // observer do the same), until the library shows every change: the change records come a
    // little after the changes, so one scan may see only some of them.
    const expected = ['Debian/Developers reference.epub', 'New/TeXoutline, annotated.pdf', 'Shelf/TeXoutline.pdf'];
    const from: string[] = [];
    let after = before;
    for (let i = 0; i < 5; i++) {
      await automaticScan(page, await reportSeq(page));
      from.push((await report(page).getAttribute('data-listed-from')) ?? '');
      await waitForCovers(page);
      after = new Map((await books(page)).map((b) => [b.file_path, b]));
      if ([...after.keys()].join('|') === expected.join('|') && after.get('Shelf/TeXoutline.pdf')!.file_hash !== before.get('Shelf/TeXoutline.pdf')!.file_hash) break;
    }
    expect([...after.keys()]).toEqual(expected);
    // Changed in place and moved: the same books (same ids), the changed one with its new content.
    expect(after.get('Shelf/TeXoutline.pdf')!.id).toBe(before.get('Shelf/TeXoutline.pdf')!.id);
    expect(after.get('Shelf/TeXoutline.pdf')!.file_hash).not.toBe(before.get('Shelf/TeXoutline.pdf')!.file_hash);
    expect(after.get('Debian/Developers reference.epub')!.id).toBe(before.get('Old/developers-reference.epub')!.id);
    // Chromium has FileSystemObserver in workers: no automatic scan walked the whole folder.
    expect(from.every((f) => f === 'changes')).toBe(true);

    // Scan now lists every folder (a quick scan), and agrees;
    // so does Check every file.
    await scanNow(page);
    await expect(report(page).getAttribute('data-listed-from')).resolves.toBe('quick');
    await expect(report(page).textContent()).resolves.toMatch(/No changes|3\s*unchanged/);
    await scanNow(page, { every: true });
    await expect(report(page).getAttribute('data-listed-from')).resolves.toBe('walk');
    await expect(report(page).textContent()).resolves.toMatch(/No changes|3\s*unchanged/);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  }, 240_000);

  it('Scan now while the folder is watched lists every folder and stats only new and changed files; Check every file finds a change no record told of', async () => {
    // Service workers off so that the route below sees the scan worker's script.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    // The scan worker's observer drops the records of one folder: a change the browser never reports.
    await context.route(/\/scanWorker[^/]*\.js(\?.*)?$/, async (route) => {
      const response = await route.fetch();
      const drop = `(() => { const Real = self.FileSystemObserver; if (Real) self.FileSystemObserver = class extends Real { constructor(cb) { super((records, o) => cb(records.filter((r) => r.relativePathComponents[0] !== 'Unrecorded'), o)); } }; })();\n`;
      await route.fulfill({ response, body: drop + (await response.text()) });
    });
    const outline = readFileSync(join(FIXTURES, 'TeXoutline.pdf'));
    const rIntro = readFileSync(join(FIXTURES, 'R-intro.pdf'));
    await pickFixtureFolder(context, [...distinctCopies(8), { fixture: 'TeXoutline.pdf', path: 'Unrecorded/TeXoutline.pdf' }]);
    await (await lockHolder(context)).hold('alex-covers'); // not about covers
    const page = await openPage(context, '/login');
    await firstRunAdmin(page);
    await chooseFolderAndScan(page, { covers: false });
    await expect(report(page).getAttribute('data-listed-from')).resolves.toBe('walk');
    await expect(report(page).getAttribute('data-statted')).resolves.toBe('9');
    const before = new Map((await books(page)).map((b) => [b.file_path, b]));
    expect(before.size).toBe(9);

    // While watched: one file added, one changed in place (its record says so), and one changed
    // that no record tells of.
    await writeFolderFiles(page, distinctCopies(1, 8));
    await writeFolderFiles(page, [{ path: 'Copies/R-intro 01.pdf', bytes: Buffer.concat([rIntro, Buffer.from('\n% copy 1, revised\n')]) }]);
    await writeFolderFiles(page, [{ path: 'Unrecorded/TeXoutline.pdf', bytes: Buffer.concat([outline, Buffer.from('\n% unrecorded\n')]) }]);

    // The record of a change in place comes a moment after it: Scan now until it has been seen.
    const seen: { from: string | null; statted: number; listed: number; text: string | null }[] = [];
    let after = before;
    const revised = () => after.get('Copies/R-intro 01.pdf')?.file_hash !== before.get('Copies/R-intro 01.pdf')!.file_hash;
    for (let i = 0; i < 10 && !revised(); i++) {
      await scanNow(page, { covers: false });
      const r = report(page);
      seen.push({ from: await r.getAttribute('data-listed-from'), statted: Number(await r.getAttribute('data-statted')), listed: Number(await r.getAttribute('data-listed')), text: await r.textContent() });
      after = new Map((await books(page)).map((b) => [b.file_path, b]));
    }
    expect(revised()).toBe(true);
    // Every one a quick scan of the 10 files that stat'ed at most the new one and the changed one.
    for (const s of seen) expect(s).toMatchObject({ from: 'quick', listed: 10, statted: expect.any(Number) });
    for (const s of seen) expect(s.statted).toBeLessThanOrEqual(2);
    // The added file needs no record: the first Scan now has it.
    expect(seen[0]!.text).toMatch(/1\s*added/);
    expect(seen[0]!.text).toMatch(/Quick scan: every folder listed, [12] new or changed files? looked at\./);
    expect(after.has('Copies/R-intro 09.pdf')).toBe(true);
    expect(after.get('Copies/R-intro 01.pdf')!.id).toBe(before.get('Copies/R-intro 01.pdf')!.id);
    // No record, no stat: Scan now did not see that change …
    expect(after.get('Unrecorded/TeXoutline.pdf')!.file_hash).toBe(before.get('Unrecorded/TeXoutline.pdf')!.file_hash);

    // … and Check every file does.
    await scanNow(page, { covers: false, every: true });
    await expect(report(page).getAttribute('data-listed-from')).resolves.toBe('walk');
    await expect(report(page).getAttribute('data-statted')).resolves.toBe('10');
    await expect(report(page).textContent()).resolves.toMatch(/1\s*updated/);
    const checked = new Map((await books(page)).map((b) => [b.file_path, b]));
    expect(checked.get('Unrecorded/TeXoutline.pdf')!.id).toBe(before.get('Unrecorded/TeXoutline.pdf')!.id);
    expect(checked.get('Unrecorded/TeXoutline.pdf')!.file_hash).not.toBe(before.get('Unrecorded/TeXoutline.pdf')!.file_hash);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  }, 300_000);

  it('a change the page sees while a scan runs (here in another tab) is scanned once that scan ends', async () => {
    const context = await browser.newContext();
    const outline = readFileSync(join(FIXTURES, 'TeXoutline.pdf'));
    await pickFixtureFolder(context, [{ fixture: 'TeXoutline.pdf', path: 'TeXoutline.pdf' }], { observe: true });
    const page = await openPage(context, '/login');
    await firstRunAdmin(page);
    await chooseFolderAndScan(page);
    const before = (await books(page))[0]!;
    const holder = await lockHolder(context);
    await holder.hold('alex-scan');
    const seq = await reportSeq(page);
    await writeFolderFiles(page, [{ path: 'TeXoutline.pdf', bytes: Buffer.concat([outline, Buffer.from('\n% second printing\n')]) }]);
    // The page's observer asked for a scan, was told another one runs, and waits for it.
    await page.getByTestId('folder-state').getByText('Changes seen: scanning them when the running scan ends').waitFor({ timeout: 60_000 });
    await holder.release('alex-scan');
    await waitForReport(page, seq);
    // Its scan looks at what the scan worker's own records named; should those come later
    // still, the app's next automatic scan has them.
    for (let i = 0; i < 5 && (await books(page))[0]!.file_hash === before.file_hash; i++) await automaticScan(page, await reportSeq(page));
    const after = (await books(page))[0]!;
    expect(after.id).toBe(before.id);
    expect(after.file_hash).not.toBe(before.file_hash);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  }, 240_000);

  it('a cancelled scan leaves a sound library, and the next scan adds the rest without duplicates', async () => {
    const context = await browser.newContext();
    await pickFixtureFolder(context, distinctCopies(48));
    // The covers are not what this test is about: another tab holds the cover pass, so a loaded
    // machine does not spend minutes drawing 48 of them twice.
    await (await lockHolder(context)).hold('alex-covers');
    const page = await openPage(context, '/login');
    await firstRunAdmin(page);
    await page.goto(baseUrl() + '/admin/library');
    const seq = await reportSeq(page);
    // 48 PDFs: with covers drawn after the scan, a dozen can be done before Cancel is pressed.
    await page.getByRole('button', { name: 'Choose folder' }).click();
    const activity = page.getByTestId('scan-activity');
    await activity.getByText(/Scanning \d+ of 48/).waitFor({ timeout: 120_000 });
    await expect(activity.getByRole('progressbar').count()).resolves.toBe(1);
    await activity.getByRole('button', { name: 'Cancel' }).click();
    await waitForReport(page, seq, 120_000, { covers: false });
    await expect(report(page).getAttribute('data-outcome')).resolves.toBe('cancelled');
    const db = await exportedDb(page);
    expect(await db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
    const n = Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM books'))!.n);
    expect(n).toBeLessThan(48);
    await scanNow(page, { covers: false, timeout: 180_000 });
    await expect(report(page).getAttribute('data-outcome')).resolves.toBe('done');
    const all = await books(page);
    expect(all).toHaveLength(48);
    expect(new Set(all.map((b) => b.file_hash)).size).toBe(48);
    await context.close();
  }, 420_000);

  it('one scan at a time across tabs: another tab shows it and can cancel it', async () => {
    const context = await browser.newContext();
    await pickFixtureFolder(context, distinctCopies(48));
    const page = await openPage(context, '/login');
    await firstRunAdmin(page);
    await (await lockHolder(context)).hold('alex-covers'); // not about covers (see above)
    await page.goto(baseUrl() + '/admin/library');
    // The other tab is open before the scan starts: covers come after a scan now, so a scan of a
    // few PDFs can end before a new page has even loaded.
    const tab2 = await openPage(context, '/admin/library');
    await tab2.getByRole('button', { name: 'Choose folder' }).waitFor({ timeout: 120_000 });
    const elsewhere = tab2.getByTestId('scan-activity');
    // Nothing can hold a scan back, so on a quiet machine it may end before the other tab's
    // Cancel reaches it: then the same again with 48 new files, up to three times.
    let outcomes: (string | null)[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const seq = await reportSeq(page);
      const seq2 = await reportSeq(tab2);
      if (attempt === 0) await page.getByRole('button', { name: 'Choose folder' }).click();
      else {
        await writeFolderFiles(page, distinctCopies(48, 48 * attempt));
        await page.getByRole('button', { name: 'Scan now' }).click();
      }
      // What tab 2 shows while the scan runs elsewhere (read in one go: it may end any moment).
      const seen = await tab2
        .waitForFunction(
          (n) => {
            const activity = document.querySelector('[data-testid="scan-activity"]');
            // (Scan now shows once this tab has read the folder the other tab chose.)
            const scanNow = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Scan now');
            if (activity?.textContent?.includes('Running in another tab.') && scanNow) return { running: true, scanNowDisabled: scanNow.disabled };
            return Number(document.querySelector('[data-testid="scan-report"]')?.getAttribute('data-seq') ?? 0) > n ? { running: false } : false;
          },
          seq2,
          { timeout: 120_000 },
        )
        .then((h) => h.jsonValue() as Promise<{ running: boolean; scanNowDisabled?: boolean }>);
      if (seen.running) {
        expect(seen.scanNowDisabled).toBe(true);
        // If the scan ends just now the button goes, and the outcome below says so.
        await elsewhere.getByRole('button', { name: 'Cancel' }).click({ timeout: 10_000 }).catch(() => undefined);
      }
      await waitForReport(page, seq, 120_000, { covers: false });
      await waitForReport(tab2, seq2, 120_000, { covers: false });
      outcomes = [await report(page).getAttribute('data-outcome'), await report(tab2).getAttribute('data-outcome')];
      if (outcomes[0] === 'cancelled') break;
    }
    // Both tabs report the cancel.
    expect(outcomes).toEqual(['cancelled', 'cancelled']);
    expect(await elsewhere.count()).toBe(0);
    await context.close();
  }, 360_000);

  it('a tab killed in the middle of a scan: the database stays sound and the next scan finishes the job', async () => {
    const context = await browser.newContext();
    await pickFixtureFolder(context, distinctCopies(48));
    const page = await openPage(context, '/login');
    await firstRunAdmin(page);
    await page.goto(baseUrl() + '/admin/library');
    await page.getByRole('button', { name: 'Choose folder' }).click();
    // 48 PDFs, as for Cancel: a dozen can all be scanned before a loaded machine shows "4 of 12".
    await page.getByTestId('scan-activity').getByText(/Scanning ([4-9]|[1-3]\d|4[0-7]) of 48/).waitFor({ timeout: 120_000 });
    await page.close(); // the page and its workers are gone at once, mid-write perhaps

    const again = await openPage(context, '/admin/library');
    // The scan on start (first scan of the session also removes orphan covers) completes it.
    await again.waitForFunction(() => document.querySelector('[data-testid="folder-book-count"]')?.textContent === '48', null, { timeout: 120_000 });
    await again.getByTestId('scan-report').waitFor();
    // The cover pass follows the scan: compare covers with rows once none is owed, or a cover
    // saved between reading the rows and listing the folder would look like an orphan.
    const owed = async () => (await exportedDb(again)).get<{ n: number }>('SELECT count(*) AS n FROM books WHERE cover_pending = 1');
    await expect.poll(owed, { timeout: 120_000 }).toEqual({ n: 0 });
    const db = await exportedDb(again);
    expect(await db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
    const rows = await db.all<Row>('SELECT * FROM books');
    expect(rows).toHaveLength(48);
    expect(new Set(rows.map((b) => b.file_hash)).size).toBe(48);
    expect(rows.every((b) => b.title && b.page_count === 113)).toBe(true);
    await again.waitForFunction(() => !document.querySelector('[data-testid="scan-activity"]'), null, { timeout: 120_000 });
    expect(await opfsFiles(again, 'covers')).toEqual(coverFiles(rows));
    await context.close();
  }, 360_000);

  it('without a folder picker, a folder is imported (input or drop) and re-importing adds only what is new', async () => {
    const context = await browser.newContext();
    // Firefox and Safari have no showDirectoryPicker.
    await context.addInitScript(() => {
      delete (window as { showDirectoryPicker?: unknown }).showDirectoryPicker;
      delete (Window.prototype as { showDirectoryPicker?: unknown }).showDirectoryPicker;
    });
    const dir = join(mkdtempSync(join(tmpdir(), 'alex-import-')), 'MyBooks');
    mkdirSync(join(dir, 'Science'), { recursive: true });
    mkdirSync(join(dir, '.cache'));
    copyFileSync(join(FIXTURES, 'R-intro.pdf'), join(dir, 'Science', 'R-intro.pdf'));
    copyFileSync(join(FIXTURES, 'live-manual.en.epub'), join(dir, 'live-manual.en.EPUB'));
    writeFileSync(join(dir, '.cache', 'junk.pdf'), 'junk');
    writeFileSync(join(dir, 'notes.txt'), 'notes');

    const page = await openPage(context, '/login');
    await firstRunAdmin(page);
    await page.goto(baseUrl() + '/admin/library');
    await page.getByTestId('drop-zone').waitFor();
    let seq = await reportSeq(page);
    await page.getByLabel('Import a folder').setInputFiles(dir);
    await waitForReport(page, seq);
    await expect(report(page).textContent()).resolves.toMatch(/2\s*added/);
    await expect(page.getByTestId('folder-name').textContent()).resolves.toBe('MyBooks');
    expect(await opfsFiles(page, 'imported')).toEqual(['MyBooks/Science/R-intro.pdf', 'MyBooks/live-manual.en.EPUB']);
    expect((await books(page)).map((b) => [b.file_path, b.file_type])).toEqual([
      ['MyBooks/Science/R-intro.pdf', 'pdf'],
      ['MyBooks/live-manual.en.EPUB', 'epub'],
    ]);

    copyFileSync(join(FIXTURES, 'TeXoutline.pdf'), join(dir, 'TeXoutline.pdf'));
    seq = await reportSeq(page);
    await page.getByLabel('Import a folder').setInputFiles(dir);
    await waitForReport(page, seq);
    const text = await report(page).textContent();
    expect(text).toMatch(/1\s*added/);
    expect(text).toMatch(/2\s*unchanged/);
    expect(await opfsFiles(page, 'imported')).toHaveLength(3);

    // A book dropped on the page is imported too.
    seq = await reportSeq(page);
    const epub = readFileSync(join(FIXTURES, 'developers-reference.epub')).toString('base64');
    await page.getByTestId('drop-zone').evaluate((zone, b64) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'developers-reference.epub', { type: 'application/epub+zip' }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, epub);
    await waitForReport(page, seq);
    await expect(report(page).textContent()).resolves.toMatch(/1\s*added/);
    expect(await opfsFiles(page, 'imported')).toContain('developers-reference.epub');

    // The imported copies survive a reload; removing them empties the library and the storage.
    await page.reload();
    await expect(page.getByTestId('folder-book-count').textContent()).resolves.toBe('4');
    await page.getByRole('button', { name: 'Remove imported books' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    // The folder's figures go once the removal is done; then the first-run choices return.
    await page.getByTestId('folder-figures').waitFor({ state: 'detached' });
    await page.getByLabel('Import a folder').waitFor({ state: 'attached' });
    await page.getByTestId('drop-zone').waitFor();
    expect(await books(page)).toEqual([]);
    expect(await opfsFiles(page, 'imported')).toEqual([]);
    expect(await opfsFiles(page, 'covers')).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  }, 180_000);
  it('PDF covers are drawn after the scan: placeholders first, then covers, and a reload resumes the cover pass', async () => {
    const context = await browser.newContext();
    await pickFixtureFolder(context, [
      { fixture: 'R-intro.pdf', path: 'R-intro.pdf' },
      { fixture: 'amsldoc.pdf', path: 'TeX/amsldoc.pdf' },
      { fixture: 'TeXoutline.pdf', path: 'TeX/TeXoutline.pdf' },
      { fixture: 'live-manual.en.epub', path: 'live-manual.en.epub' },
    ]);
    const { holder, page } = await firstScanWithCoversHeld(context);
    await expect(report(page).textContent()).resolves.toMatch(/4\s*added/);
    // The scan reported without drawing a page; the covers to draw are shown.
    await expect(page.getByTestId('cover-activity').textContent()).resolves.toMatch(/3\s*to go/);
    const owed = await books(page);
    for (const b of owed) expect(b.cover_path).toBeNull(); // the EPUB has no cover image, the PDFs' are owed
    expect(owed.find((b) => b.file_path === 'R-intro.pdf')).toMatchObject({ page_count: 113 });

    // The grid shows the books at once, with placeholders.
    await page.goto(`${baseUrl()}/library`);
    await page.locator('.book-card').nth(3).waitFor();
    expect(await page.locator('.book-card .cover-placeholder').count()).toBe(4);

    // A reload, then the other tab closes: this tab's pass picks up what is owed.
    await page.reload();
    await page.locator('.book-card').nth(3).waitFor();
    await holder.page.close();
    await page.waitForFunction(() => document.querySelectorAll('.book-card .book-cover img').length === 3, null, { timeout: 120_000 });
    expect(await page.locator('.book-card .cover-placeholder').count()).toBe(1);

    const drawn = await books(page);
    for (const b of drawn) expect(b.cover_path).toBe(b.file_type === 'pdf' ? `covers/${b.file_hash}.webp` : null);
    expect(await opfsFiles(page, 'covers')).toEqual(coverFiles(drawn));
    await waitForCovers(page);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  }, 180_000);

  it('a cover pass waits while a scan runs in another tab, then draws the covers', async () => {
    const context = await browser.newContext();
    await pickFixtureFolder(context, [
      { fixture: 'R-intro.pdf', path: 'R-intro.pdf' },
      { fixture: 'amsldoc.pdf', path: 'TeX/amsldoc.pdf' },
      { fixture: 'TeXoutline.pdf', path: 'TeX/TeXoutline.pdf' },
    ]);
    // Another tab: it holds the cover pass until the scan is done, then runs a "scan" (holds the
    // scan's Web Lock, as a scan there does) for as long as the test says.
    const { holder, page } = await firstScanWithCoversHeld(context);
    await expect(page.getByTestId('cover-activity').textContent()).resolves.toMatch(/3\s*to go/);

    // The other tab starts its scan, then lets the cover pass go: this tab's pass must wait for it.
    await holder.hold('alex-scan');
    await holder.release('alex-covers');
    await page.getByTestId('cover-activity').getByText('waiting for the scan to end').waitFor({ timeout: 60_000 });
    // Nothing was drawn while it waited.
    expect((await books(page)).filter((b) => b.cover_path !== null)).toEqual([]);
    await expect(page.getByTestId('cover-activity').textContent()).resolves.toMatch(/3\s*to go/);

    await holder.release('alex-scan');
    await waitForCovers(page, 120_000);
    const drawn = await books(page);
    for (const b of drawn) expect(b.cover_path).toBe(`covers/${b.file_hash}.webp`);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  }, 180_000);

  it('the full-text index waits while the covers are drawn (here held by another tab), then indexes every book', async () => {
    const context = await browser.newContext();
    await pickFixtureFolder(context, [
      { fixture: 'TeXoutline.pdf', path: 'TeXoutline.pdf' },
      { fixture: 'live-manual.en.epub', path: 'live-manual.en.epub' },
    ]);
    const { holder, page } = await firstScanWithCoversHeld(context);
    // The books are in; indexing waits for the cover pass, which waits for the other tab.
    await page.getByTestId('text-index-activity').getByText('Waiting for the scan and the covers to finish.').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('text-index-count').textContent()).resolves.toBe('Text index: 0 of 2 books');
    // Pause stops the wait as well (the index is not left "running" behind the covers); Resume waits again.
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.getByTestId('text-index-count').getAttribute('data-running'), { timeout: 30_000 }).toBe('false');
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByTestId('text-index-activity').getByText('Waiting for the scan and the covers to finish.').waitFor({ timeout: 60_000 });

    await holder.release('alex-covers');
    await waitForCovers(page, 120_000);
    await page.waitForFunction(() => document.querySelector('[data-testid="text-index-count"]')?.textContent === 'Text index: 2 of 2 books', null, { timeout: 120_000 });
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  }, 240_000);
});

/** n different PDFs (R-intro, 113 pages, with a distinct comment appended to each). */
function distinctCopies(n: number, from = 0) {
  const bytes = readFileSync(join(FIXTURES, 'R-intro.pdf'));
  return Array.from({ length: n }, (_, k) => {
    const i = from + k + 1;
    return { path: `Copies/R-intro ${String(i).padStart(2, '0')}.pdf`, bytes: Buffer.concat([bytes, Buffer.from(`\n% copy ${i}\n`)]) };
  });
}
