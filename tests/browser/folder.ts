/**
 * Getting books into the app the way a user does, for any browser test: a "picked" folder
 * (the native showDirectoryPicker always rejects headless, so it is replaced by one returning
 * an OPFS directory, which has the same interface) filled with files, then Admin → Library →
 * Choose folder and a real scan.
 *
 *   await pickFixtureFolder(context, [{ fixture: 'R-intro.pdf', path: 'Science/R-intro.pdf' }]);
 *   const page = await openPage(context, '/login');
 *   await firstRunAdmin(page);
 *   await chooseFolderAndScan(page); // books are in the library
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { openSqlJs } from '../../src/db/openSqlJs';
import type { SqlJsDb } from '../../src/db/SqlJsDb';
import { baseUrl } from './browser';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
/** The OPFS directory that stands in for the user's folder. */
export const TEST_FOLDER = 'test-books';

export interface FolderFile {
  /** Path inside the folder, '/'-separated ("Science/R-intro.pdf"). */
  path: string;
  /** A file of tests/fixtures/ … */
  fixture?: string;
  /** … or the bytes themselves (a string is written as UTF-8). */
  bytes?: Uint8Array | string;
}

function bytesOf(f: FolderFile): Buffer {
  if (f.bytes !== undefined) return Buffer.from(f.bytes);
  if (!f.fixture) throw new Error(`${f.path}: give a fixture or bytes`);
  return readFileSync(join(FIXTURES, f.fixture));
}

/**
 * Makes window.showDirectoryPicker return the OPFS folder TEST_FOLDER in every page of the
 * context, and puts `files` in it. Call before the first page opens.
 *
 * Chromium's FileSystemObserver sees changes to that folder and starts a scan by itself a
 * moment later, which would race a test's own "Scan now": it is switched off unless `observe`.
 */
export async function pickFixtureFolder(context: BrowserContext, files: FolderFile[] = [], opts: { observe?: boolean } = {}): Promise<void> {
  await context.addInitScript(
    ({ name, observe }) => {
      Object.defineProperty(window, 'showDirectoryPicker', {
        configurable: true,
        value: async () => (await navigator.storage.getDirectory()).getDirectoryHandle(localStorage.getItem('test-picked-folder') ?? name, { create: true }),
      });
      if (!observe) delete (window as { FileSystemObserver?: unknown }).FileSystemObserver;
    },
    { name: TEST_FOLDER, observe: !!opts.observe },
  );
  await onOriginPage(context, (page) => writeFolderFiles(page, files));
}

/** Runs fn on a blank page of the app's origin (the app itself does not start there). */
export async function onOriginPage<T>(context: BrowserContext, fn: (page: Page) => Promise<T>): Promise<T> {
  const url = `${baseUrl()}/__folder-setup`;
  await context.route(url, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>setup</title>' }));
  const page = await context.newPage();
  try {
    await page.goto(url);
    return await fn(page);
  } finally {
    await page.close();
    await context.unroute(url);
  }
}

/** Makes the picker return another OPFS folder from now on (to test "Change folder"). */
export async function setPickedFolder(page: Page, folder: string): Promise<void> {
  await page.evaluate((f) => localStorage.setItem('test-picked-folder', f), folder);
}

/** Adds or overwrites files in the folder (or another OPFS folder), from any page of the origin. */
export async function writeFolderFiles(page: Page, files: FolderFile[], folder = TEST_FOLDER): Promise<void> {
  for (const f of files) {
    await page.evaluate(
      async ({ folder, path, b64 }) => {
        let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
        const parts = path.split('/');
        for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
        const w = await (await dir.getFileHandle(parts[parts.length - 1]!, { create: true })).createWritable();
        await w.write(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
        await w.close();
      },
      { folder, path: f.path, b64: bytesOf(f).toString('base64') },
    );
  }
}

export async function removeFolderFiles(page: Page, paths: string[]): Promise<void> {
  await page.evaluate(
    async ({ folder, paths }) => {
      for (const path of paths) {
        let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
        const parts = path.split('/');
        for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
        await dir.removeEntry(parts[parts.length - 1]!, { recursive: true });
      }
    },
    { folder: TEST_FOLDER, paths },
  );
}

/** A rename as the file system does it: same bytes, same time stamp, new path. */
export async function renameFolderFile(page: Page, from: string, to: string): Promise<void> {
  await page.evaluate(
    async ({ folder, from, to }) => {
      const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
      const dirOf = async (path: string, create: boolean) => {
        let dir = root;
        for (const p of path.split('/').slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create });
        return dir;
      };
      const src = await dirOf(from, false);
      const name = from.split('/').pop()!;
      const handle = await src.getFileHandle(name);
      const dest = await dirOf(to, true);
      await (handle as unknown as { move(d: FileSystemDirectoryHandle, n: string): Promise<void> }).move(dest, to.split('/').pop()!);
    },
    { folder: TEST_FOLDER, from, to },
  );
}

/** The scan report's sequence number in this tab (0 before any). */
export async function reportSeq(page: Page): Promise<number> {
  const el = page.getByTestId('scan-report');
  if (!(await el.count())) return 0;
  return Number(await el.getAttribute('data-seq'));
}

/**
 * Waits for a scan report newer than `after` (see reportSeq) on Admin → Library, then (unless
 * `covers` is false) for the PDF covers the scan left to the cover pass.
 */
export async function waitForReport(page: Page, after: number, timeout = 60_000, opts: { covers?: boolean } = {}): Promise<void> {
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="scan-report"]')?.getAttribute('data-seq') ?? 0) > n,
    after,
    { timeout },
  );
  if (opts.covers !== false) await waitForCovers(page, timeout);
}

/** Waits until no cover is owed (Admin → Library shows "Drawing covers…" while some are). */
export async function waitForCovers(page: Page, timeout = 60_000): Promise<void> {
  await page.getByTestId('cover-activity').waitFor({ state: 'detached', timeout });
}

/**
 * Admin → Library → Choose folder, then waits for the first scan to finish (and, unless `covers`
 * is false, for its covers).
 */
export async function chooseFolderAndScan(page: Page, opts: { covers?: boolean } = {}): Promise<void> {
  await page.goto(`${baseUrl()}/admin/library`);
  await page.getByRole('heading', { name: 'Books folder' }).waitFor();
  const seq = await reportSeq(page);
  await page.getByRole('button', { name: 'Choose folder' }).click();
  await waitForReport(page, seq, 60_000, opts);
}

/**
 * Admin → Library → Scan now (once no scan is running), then waits for it to finish (and, unless
 * `covers` is false, for its covers). `every` clicks Check every file instead: a test that
 * changes a file in place and needs one report to show it uses it, since Scan now learns of such
 * a change from the folder's change record, which may come a moment after the click.
 */
export async function scanNow(page: Page, opts: { covers?: boolean; timeout?: number; every?: boolean } = {}): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[data-testid="scan-activity"]'), null, { timeout: opts.timeout });
  const seq = await reportSeq(page);
  await page.getByRole('button', { name: opts.every ? 'Check every file' : 'Scan now' }).click();
  await waitForReport(page, seq, opts.timeout, opts);
}

/**
 * The catalogue as the app exports it (Admin → Library → Export library), opened with sql.js:
 * lets a test check rows without depending on how some page shows them.
 */
export async function exportedDb(page: Page): Promise<SqlJsDb> {
  if (!page.url().includes('/admin/library')) await page.goto(`${baseUrl()}/admin/library`);
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export library' }).click()]);
  return openSqlJs(new Uint8Array(readFileSync((await download.path())!)));
}

/** OPFS file names under a directory (e.g. 'covers'), from any page of the origin. */
export async function opfsFiles(page: Page, dir: string): Promise<string[]> {
  return page.evaluate(async (dir) => {
    const names: string[] = [];
    const walk = async (d: FileSystemDirectoryHandle, prefix: string) => {
      for await (const [name, h] of (d as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        if (h.kind === 'directory') await walk(h as FileSystemDirectoryHandle, `${prefix}${name}/`);
        else names.push(prefix + name);
      }
    };
    let d = await navigator.storage.getDirectory();
    try {
      for (const p of dir.split('/').filter(Boolean)) d = await d.getDirectoryHandle(p);
    } catch {
      return [];
    }
    await walk(d, '');
    return names.sort();
  }, dir);
}
