import { mkdtempSync, mkdirSync, copyFileSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, firstRunAdmin, launch, openPage, pageErrors } from './browser';
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
    await scanNow(page);
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
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
