import { spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch } from './browser';
import type { CaseResult } from './extract-harness/main';
import { freePort, startPreview } from './globalSetup';

/**
 * extractBook in Chromium, inside a real module worker built by Vite (the harness build,
 * tests/browser/extract.vite.config.ts), the way the app's ingest workers run it: real books
 * give their metadata and a ~300 px cover, bad files their reasons.
 *
 * The harness is built here (a few seconds) unless EXTRACT_DIST points at a build already made.
 */

const prebuilt = process.env.EXTRACT_DIST;
const outDir = prebuilt ?? '/tmp/alex/extract-dist';

let browser: Browser;
let server: ChildProcess;
let page: Page;
let results: Record<string, CaseResult>;

beforeAll(async () => {
  if (!prebuilt || !existsSync(`${outDir}/index.html`)) {
    const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'tests/browser/extract.vite.config.ts'], {
      env: { ...process.env, EXTRACT_DIST: outDir },
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`harness build failed:\n${build.stdout}\n${build.stderr}`);
  }
  const port = await freePort();
  server = await startPreview(port, outDir);
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  const list = await page.evaluate(() => (window as unknown as { harness: { run(): Promise<CaseResult[]> } }).harness.run());
  results = Object.fromEntries(list.map((r) => [r.name, r]));
  mkdirSync('/tmp/alex/shots', { recursive: true });
  await page.screenshot({ path: '/tmp/alex/shots/extract-covers.png', fullPage: true });
  expect(errors).toEqual([]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  server?.kill();
});

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A cover as the library shows it: WebP (or JPEG), 300 px wide, proportioned like the page. */
function expectCover(r: CaseResult, height: number) {
  expect(r.ok, JSON.stringify(r.error)).toBe(true);
  expect(r.cover, `${r.name} has no cover`).toBeTruthy();
  expect(['image/webp', 'image/jpeg']).toContain(r.cover!.type);
  expect(r.cover!.width).toBe(300);
  expect(r.cover!.height).toBeGreaterThanOrEqual(height - 1);
  expect(r.cover!.height).toBeLessThanOrEqual(height + 1);
  expect(r.cover!.bytes).toBeGreaterThan(500);
  expect(r.cover!.bytes).toBeLessThan(120_000);
}

describe('extractBook in a module worker (Chromium)', () => {
  test('runs without a DOM: the worker has no document, and pdf.js sends no stray messages', async () => {
    expect(results['R-intro.pdf']!.hasDocument).toBe(false);
    const stray = await page.evaluate(() => (window as unknown as { harness: { stray: unknown[] } }).harness.stray);
    expect(stray).toEqual([]);
  });

  test('real PDFs: metadata as in Node, first page rendered as the cover', () => {
    const rIntro = results['R-intro.pdf']!;
    expect(rIntro.fileType).toBe('pdf');
    expect(rIntro.metadata).toEqual({ title: 'R intro', author: null, description: null, pageCount: 113 });
    expect(rIntro.digest).toBe(sha256('tests/fixtures/R-intro.pdf'));
    // US Letter, 612 × 792 pt → 300 × 388; a title page: mostly white, with text drawn.
    expectCover(rIntro, 388);
    expect(rIntro.cover!.inked).toBeGreaterThan(0.005);
    expect(rIntro.cover!.mean.every((c) => c > 200)).toBe(true);

    expect(results['amsldoc.pdf']!.metadata).toEqual({ title: 'amsldoc', author: null, description: null, pageCount: 44 });
    expectCover(results['amsldoc.pdf']!, 388);
    expect(results['amsldoc.pdf']!.cover!.inked).toBeGreaterThan(0.005);

    // 267 × 124 pt → 300 × 139.
    expect(results['TeXoutline.pdf']!.metadata).toEqual({ title: 'TeXoutline', author: null, description: null, pageCount: 1 });
    expectCover(results['TeXoutline.pdf']!, 139);
  });

  test('real EPUBs: metadata as in Node; neither book declares a cover or shows an image first', () => {
    expect(results['live-manual.en.epub']).toMatchObject({
      ok: true,
      fileType: 'epub',
      metadata: { title: 'Live Systems Manual', author: 'Live Systems Project', description: null, pageCount: null },
      cover: null,
    });
    expect(results['developers-reference.epub']).toMatchObject({
      ok: true,
      metadata: { title: 'developers reference', author: "Developer's Reference Team", description: null, pageCount: null },
      cover: null,
    });
  });

  test('generated PDFs: non-embedded Helvetica renders, scanned pages decode, landscape and very tall pages are bounded', () => {
    const gen = results['gen-pdf']!;
    expect(gen.metadata).toEqual({ title: 'A Generated PDF', author: 'Harness', description: null, pageCount: 12 });
    expectCover(gen, 388);
    // The page is painted blue (0.16 0.33 0.62): the cover must be too, not blank white.
    const [r, , b] = gen.cover!.mean;
    expect(b).toBeGreaterThan(r + 40);
    expect(b).toBeGreaterThan(120);
    // A scanned page (a 2480 × 3508 JPEG) is decoded and drawn too: green like the image.
    expectCover(results['gen-pdf-scan']!, 388);
    expect(results['gen-pdf-scan']!.cover!.mean[1]).toBeGreaterThan(results['gen-pdf-scan']!.cover!.mean[0] + 15);
    expectCover(results['gen-pdf-landscape']!, 212); // 842 × 595
    expectCover(results['gen-pdf-tall']!, 900); // 200 × 2000 would be 3000 tall: cut to 3 × width
  });

  test('EPUB covers: EPUB 3 cover-image, EPUB 2 meta cover (JPEG), else the first page image (not its icon)', () => {
    expectCover(results['epub3-cover']!, 450); // 600 × 900 PNG
    expect(results['epub3-cover']!.cover!.mean[2]).toBeGreaterThan(results['epub3-cover']!.cover!.mean[0]); // bluish
    expectCover(results['epub2-jpeg-cover']!, 450); // 800 × 1200 JPEG
    expect(results['epub2-jpeg-cover']!.metadata!.title).toBe('EPUB 2 meta cover');
    expectCover(results['epub-first-page-image']!, 467); // 450 × 700 PNG, after a 16 px icon
    expect(results['epub-first-page-image']!.cover!.mean[0]).toBeGreaterThan(results['epub-first-page-image']!.cover!.mean[2]); // pinkish
  });

  test('a cover a worker cannot decode (SVG) is no cover, not a failure; scripts stay text', () => {
    expect(results['epub-svg-cover']).toMatchObject({ ok: true, cover: null, metadata: { title: 'SVG cover' } });
    expect(results['epub-script']).toMatchObject({ ok: true, metadata: { title: '<b>Bold</b> title', description: 'Plain.' } });
  });

  test.each([
    ['bad-empty', 'empty-file', 'empty file'],
    ['bad-text-as-pdf', 'not-a-pdf', 'not a PDF'],
    ['bad-text-as-epub', 'not-an-epub', 'not an EPUB (not a zip archive)'],
    ['bad-encrypted', 'encrypted-pdf', 'encrypted PDF (needs a password)'],
    ['bad-truncated', 'truncated-pdf', 'PDF is truncated (the file is incomplete)'],
    ['bad-no-opf', 'no-package-document', 'EPUB has no package document'],
    ['bad-bomb', 'archive-too-large', 'archive too large when unpacked'],
    ['bad-lying-bomb', 'archive-too-large', 'archive too large when unpacked'],
    ['bad-huge-xml', 'too-large-xml', 'EPUB metadata is too large'],
    ['bad-deep-xml', 'too-deep-xml', 'EPUB metadata is nested too deeply'],
    ['bad-many-entries', 'too-many-entries', 'archive has too many files'],
  ])('%s → %s', (name, reason, message) => {
    expect(results[name]).toMatchObject({ ok: false, error: { name: 'IngestError', reason, message } });
  });
});
