import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, baseUrl, launch, openPage, pageErrors, signIn } from './browser';
import { buildLibrary, installLibrary } from './libraryFixtures';
import { putAnnotation } from '../../src/db/queries/annotations';
import { DEFAULT_ADMIN } from '../../src/domain/types';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function annotationCount(page: Page, title: string): Promise<string> {
  await page.goto(`${baseUrl()}/library`);
  await page.getByRole('button', { name: `More actions for ${title}` }).click();
  await page.getByRole('menuitem', { name: 'Book details' }).click();
  const dialog = page.getByRole('dialog', { name: 'Book details' });
  const text = await dialog.getByTestId('annotation-count').textContent();
  await dialog.getByRole('button', { name: 'Close' }).click();
  return text ?? '';
}

describe('annotations export and import (Settings)', () => {
  it('exports the library as Markdown and Web Annotation JSON downloads; another user imports the JSON once, a second import adds nothing', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const lib = await buildLibrary({
      books: [
        { title: 'An Introduction to R', author: 'W. N. Venables', fixture: 'R-intro.pdf' },
        { title: 'Live manual', author: 'Debian', fixture: 'live-manual.en.epub' },
      ],
      users: [{ email: 'reader@example.org', password: 'reader-password-1', displayName: 'Reader', role: 'user' }],
      extra: async (db) => {
        const [pdf, epub] = await db.all<{ id: string; file_hash: string; file_type: string }>('SELECT id, file_hash, file_type FROM books ORDER BY file_type DESC');
        const base = { userId: DEFAULT_ADMIN.id, color: 'yellow' as const, createdAt: 1_750_000_000, updatedAt: 1_750_000_100 };
        await putAnnotation(db, { ...base, id: '11111111-1111-4111-8111-111111111111', bookId: pdf!.id, bookHash: pdf!.file_hash, kind: 'note', note: 'Why R?', anchor: { cfi: null, page: 2, quote: { exact: 'statistical computing', prefix: 'for ', suffix: ' and' }, rects: [{ x: 72, y: 90, width: 100, height: 11 }], label: 'Page 2' } });
        await putAnnotation(db, { ...base, id: '22222222-2222-4222-8222-222222222222', bookId: epub!.id, bookHash: epub!.file_hash, kind: 'highlight', color: 'green', note: null, anchor: { cfi: 'epubcfi(/6/4!/4/2,/1:0,/1:9)', page: null, quote: { exact: 'Live Systems', prefix: '', suffix: ' Manual' }, rects: null, label: 'About this manual' } });
      },
    });
    await installLibrary(context, lib);
    const page = await openPage(context, '/login');
    await signIn(page, ADMIN.email, 'admin-password-1');
    await page.waitForURL(/\/library$/);
    expect(await annotationCount(page, 'An Introduction to R')).toBe('1');

    await page.goto(`${baseUrl()}/settings`);
    const card = page.getByRole('region', { name: 'Annotations' });
    const [md] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Export annotations (Markdown)' }).click()]);
    expect(md.suggestedFilename()).toMatch(/^alex-annotations-library-\d{4}-\d\d-\d\d\.md$/);
    const text = await readFile((await md.path())!, 'utf8');
    expect(text).toContain('# An Introduction to R — W. N. Venables');
    expect(text).toContain('> statistical computing\n\nWhy R?');
    expect(text).toContain(`${baseUrl()}/read/${lib.books[0]!.id}#annotation=11111111-1111-4111-8111-111111111111`);
    await card.getByText('Exported 2 annotations.').waitFor();

    const [json] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Export annotations (JSON)' }).click()]);
    const jsonPath = (await json.path())!;
    const sets = JSON.parse(await readFile(jsonPath, 'utf8'));
    expect(sets).toHaveLength(2);
    expect(sets.flatMap((s: { items: { id: string }[] }) => s.items.map((i) => i.id)).sort()).toEqual([
      'urn:uuid:11111111-1111-4111-8111-111111111111',
      'urn:uuid:22222222-2222-4222-8222-222222222222',
    ]);

    // Importing its own file again adds nothing.
    await card.getByTestId('import-annotations-file').setInputFiles(jsonPath);
    await card.getByText('Import done: 0 added, 0 updated, 2 already here.').waitFor();

    // Another user sees none of the admin's; importing the shared file gives them their own copy, once.
    await page.getByRole('button', { name: /^Account menu of/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await signIn(page, 'reader@example.org', 'reader-password-1');
    await page.waitForURL(/\/library$/);
    expect(await annotationCount(page, 'An Introduction to R')).toBe('None');
    await page.goto(`${baseUrl()}/settings`);
    await card.getByTestId('import-annotations-file').setInputFiles(jsonPath);
    await card.getByText('Import done: 2 added, 0 updated, 0 already here.').waitFor();
    await card.getByTestId('import-annotations-file').setInputFiles(jsonPath);
    await card.getByText('Import done: 0 added, 0 updated, 2 already here.').waitFor();
    expect(await annotationCount(page, 'Live manual')).toBe('1');

    // Not an annotation file: a plain message, nothing imported.
    await page.goto(`${baseUrl()}/settings`);
    await card.getByTestId('import-annotations-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":"world"}') });
    await card.getByRole('alert').getByText('This file has no Web Annotations in it.').waitFor();
    expect(pageErrors(page)).toEqual([]);
  });
});
