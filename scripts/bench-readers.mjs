#!/usr/bin/env node
/**
 * Reader figures in headless Chromium against the production build, books in OPFS (prints
 * figures; asserts nothing):
 *
 *  - time to first page painted, from the navigation to /read/<id> (a full page load: app boot,
 *    database, session, the reader's code and the book) and from an in-app navigation (the app
 *    already running), for the largest fixture PDF and a fixture EPUB, first and second open;
 *    for the EPUB also the time until its percentage is known (locations generated on the first
 *    open, read from the OPFS cache on the second);
 *  - a generated 200 MB PDF: time to first page, bytes read from the file (range reads), and
 *    memory (page JS heap; PSS of every Chromium process) before and after opening it and
 *    jumping to page 100.
 *
 *   node scripts/bench-readers.mjs [--runs 5] [--big-mb 200] [--books long,pdf,epub,big] [--rebuild] [--marks]
 *
 * --marks turns on the reader's performance marks (src/readers/readerMarks.ts) and prints, for
 * the opens by a click on a card, the median time of each mark from the click.
 * --trace FILE records one more click on the long PDF's card as a Chrome trace (open FILE in
 * chrome://tracing or Perfetto) and prints where each thread's time went (scripts/lib/traceSummary.mjs).
 *
 * The long PDF (source2e.pdf, the headline figure) is measured first and every figure is printed
 * as soon as it is known, so a run cut short on a loaded machine still says something.
 */
import { existsSync, readdirSync, rmSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { CORPUS_HINT, existingCorpus } from './lib/corpus.mjs';
import { summariseTrace } from './lib/traceSummary.mjs';
import { arg, benchCatalogue, chromiumPss, ensureBuild, profileWithBooks, loadAverage, median, ROOT, signIn, startApp, summary } from './lib/benchKit.mjs';

const DIST = process.env.READERS_BENCH_DIST ?? join(tmpdir(), 'alex-bench-readers-dist');
const CACHE = join(tmpdir(), 'alex-bench-readers');
const RUNS = Number(arg('--runs', '5'));
const BIG_MB = Number(arg('--big-mb', '200'));
const ONLY = arg('--books', 'long,pdf,epub,big').split(',');
const MARKS = process.argv.includes('--marks');
const TRACE = arg('--trace', '');
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** The largest PDF of tests/fixtures, an EPUB, and the generated big PDF (cached). */
async function books() {
  const fixtures = join(ROOT, 'tests', 'fixtures');
  const pdfs = readdirSync(fixtures)
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => ({ f, size: statSync(join(fixtures, f)).size }))
    .sort((a, b) => b.size - a.size);
  const big = join(CACHE, `generated-${BIG_MB}mb.pdf`);
  if (ONLY.includes('big') && !existsSync(big)) {
    mkdirSync(CACHE, { recursive: true });
    console.log(`(writing a ${BIG_MB} MB PDF, once)`);
    const { writeLargePdf } = await tsImport('../tests/browser/makePdf.ts', import.meta.url);
    writeLargePdf(big, BIG_MB * 1024 * 1024, 200);
  }
  const all = [
    { key: 'pdf', title: pdfs[0].f, path: join(fixtures, pdfs[0].f), name: pdfs[0].f, type: 'pdf' },
    { key: 'epub', title: 'developers-reference.epub', path: join(fixtures, 'developers-reference.epub'), name: 'developers-reference.epub', type: 'epub' },
    // A real long book: LaTeX's source2e.pdf from the corpus (1,221 pages, 5.8 MB, not linearized).
    ...longPdf(),
    { key: 'big', title: `generated ${BIG_MB} MB PDF`, path: big, name: 'generated-big.pdf', type: 'pdf' },
  ];
  return all.filter((b) => ONLY.includes(b.key)).sort((a, b) => ONLY.indexOf(a.key) - ONLY.indexOf(b.key));
}

function longPdf() {
  const corpus = existingCorpus();
  if (!corpus) {
    console.log(`(the long PDF, source2e.pdf, is skipped: ${CORPUS_HINT})`);
    summary(`first page of a 1,221-page PDF: skipped, ${CORPUS_HINT}`);
  }
  const f = corpus?.find((c) => c.path.endsWith('/source2e.pdf'));
  return f ? [{ key: 'long', title: 'source2e.pdf', path: f.abs, name: 'source2e.pdf', type: 'pdf' }] : [];
}

// In every page: when the first PDF page or EPUB page is painted (a PDF page's canvas fully drawn:
// until 2026-12-06 this was when pdf.js started drawing it, up to a few hundred ms earlier), and
// bytes read from files.
const INIT = () => {
  const w = window;
  w.__bytesRead = 0;
  const ab = Blob.prototype.arrayBuffer;
  Blob.prototype.arrayBuffer = function () {
    w.__bytesRead += this.size;
    return ab.call(this);
  };
  const check = () => {
    if (!w.__firstPage && document.querySelector('.pdf-reader[data-rendered="true"] canvas, .epub-reader[data-status="ready"] .epub-viewer iframe'))
      requestAnimationFrame(() => (w.__firstPage = performance.now()));
    if (!w.__percent && document.querySelector('.epub-reader[data-percent]:not([data-percent=""])')) w.__percent = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-rendered', 'data-status', 'data-percent'] });
};

async function waitFirstPage(page) {
  return (await page.waitForFunction(() => window.__firstPage, null, { timeout: 120_000 })).jsonValue();
}

ensureBuild(DIST);
const list = await books();
const dbBytes = await benchCatalogue(list);
const { base, server } = await startApp(DIST);
// The memory figures do not carry the copying of the books (a fresh Chromium on the profile).
const { context, profile } = await profileWithBooks('alex-bench-readers-profile', base, dbBytes, list);
try {
  await context.addInitScript(INIT);

  const page = context.pages()[0] ?? (await context.newPage());
  await signIn(page, base);
  if (MARKS) await page.evaluate(() => localStorage.setItem('alex-debug-perf', '1'));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize').value;
  };
  const clearLocationsCache = () =>
    page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      await root.removeEntry('reader-cache', { recursive: true }).catch(() => {});
    });
  /** Full page load of /read/<id>: navigation start → first page painted. */
  const openFull = async (b) => {
    await page.goto(`${base}/read/${b.id}`);
    const t = await waitFirstPage(page);
    const percent = b.type === 'epub' ? await page.waitForFunction(() => window.__percent, null, { timeout: 120_000 }).then((h) => h.jsonValue()) : null;
    return { t, percent };
  };
  /** The app already running (at /library): router navigation → first page painted. */
  const openInApp = async (b) => {
    await page.goto(`${base}/library`);
    // The grid, not 'networkidle': a loaded machine can keep the app's background work from ever idling.
    await page.locator(`.book-card[data-book-id="${b.id}"]`).waitFor({ timeout: 120_000 });
    const t = await page.evaluate(async (id) => {
      window.__firstPage = 0;
      const start = performance.now();
      history.pushState(null, '', `/read/${id}`);
      dispatchEvent(new PopStateEvent('popstate'));
      while (!window.__firstPage) {
        if (performance.now() - start > 120_000) throw new Error('no first page within 120 s');
        await new Promise((r) => setTimeout(r, 5));
      }
      return window.__firstPage - start;
    }, b.id);
    return { t };
  };

  /** The app at /library: a click on the book's card (the pointer moving onto it first) → first page painted. */
  const openByClick = async (b, { reload = true } = {}) => {
    if (reload) await page.goto(`${base}/library`);
    const link = page.locator(`.book-card[data-book-id="${b.id}"] a.book-link`);
    await link.waitFor({ timeout: 120_000 });
    await page.evaluate(() => {
      window.__firstPage = 0;
      addEventListener('click', () => (window.__clickAt = performance.now()), { capture: true, once: true });
    });
    await link.click();
    const t = (await waitFirstPage(page)) - (await page.evaluate(() => window.__clickAt));
    // Each mark from the click (the page's own first-page time as 'painted').
    const marks = await page.evaluate(() => {
      const at = window.__clickAt;
      const out = { painted: window.__firstPage - at };
      for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('alex:') && !(m.name.slice(5) in out)) out[m.name.slice(5)] = m.startTime - at;
      return out;
    });
    return { t, marks };
  };
  /** One click-open recorded by Chrome's tracing, written to TRACE and summarised per thread. */
  const traceClick = async (b) => {
    const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'loading', 'toplevel', 'disabled-by-default-v8.compile', 'blink.user_timing'];
    await page.goto(`${base}/library`);
    await page.locator(`.book-card[data-book-id="${b.id}"] a.book-link`).waitFor({ timeout: 120_000 });
    await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: categories } });
    const r = await openByClick(b, { reload: false });
    const done = new Promise((res) => cdp.once('Tracing.tracingComplete', res));
    await cdp.send('Tracing.end');
    const { stream } = await done;
    const chunks = [];
    for (;;) {
      const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
      chunks.push(base64Encoded ? Buffer.from(data, 'base64') : Buffer.from(data));
      if (eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    writeFileSync(TRACE, Buffer.concat(chunks));
    console.log(`  trace of one click (${r.t.toFixed(0)} ms to page 1 drawn) written to ${TRACE}`);
    summariseTrace(TRACE);
  };
  const clickMarks = [];
  const printMarks = (label) => {
    if (!MARKS || !clickMarks.length) return;
    const names = [...new Set(clickMarks.flatMap((m) => Object.keys(m)))];
    const at = (n) => median(clickMarks.filter((m) => n in m).map((m) => m[n]));
    names.sort((a, b) => at(a) - at(b));
    console.log(`  ${label}: marks from the click, median of ${clickMarks.length} (ms):`);
    for (const n of names) console.log(`    ${at(n).toFixed(0).padStart(6)}  ${n}`);
    // Each run's main steps, in order: medians of separate marks can come from different runs.
    const steps = ['pdfjs-worker-ready', 'document-open', 'pagesinit', 'preview-shown', 'page-rendered-1', 'painted'];
    for (const m of clickMarks) console.log(`    run: ${steps.filter((n) => n in m).map((n) => `${n} ${m[n].toFixed(0)}`).join(', ')}`);
    clickMarks.length = 0;
  };

  console.log(`Readers — headless Chromium, ${cpus().length} cores, books in OPFS; median of ${RUNS} runs, ms`);
  const rows = [];
  for (const b of list.filter((x) => x.key !== 'big')) {
    const label = `${b.type.toUpperCase()} ${b.name} (${mb(b.size)})`;
    // First open: nothing of this book cached (EPUB locations generated).
    await clearLocationsCache();
    const first = await openFull(b);
    const full = [];
    const percents = [];
    const inApp = [];
    const clicks = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await openFull(b);
      full.push(r.t);
      if (r.percent != null) percents.push(r.percent);
      inApp.push((await openInApp(b)).t);
      if (b.type === 'pdf') {
        const r = await openByClick(b);
        clicks.push(r.t);
        clickMarks.push(r.marks);
      }
    }
    const row = (name, value) => {
      rows.push([name, value]);
      console.log(`  ${name}: ${value} (load ${loadAverage()})`);
    };
    row(`${label}: first open, page load → first page`, first.t.toFixed(0));
    if (first.percent != null) row(`${label}: first open, page load → percentage (locations generated)`, first.percent.toFixed(0));
    row(`${label}: second open, page load → first page`, median(full).toFixed(0));
    if (percents.length) row(`${label}: second open, page load → percentage (locations cached)`, median(percents).toFixed(0));
    row(`${label}: second open, in-app → first page`, median(inApp).toFixed(0));
    if (clicks.length) row(`${label}: click on its card in the library → first page (each: ${clicks.map((c) => c.toFixed(0)).join(', ')})`, median(clicks).toFixed(0));
    printMarks(label);
    if (TRACE && b.key === 'long') await traceClick(b);
    if (b.key === 'long') summary(`first page of source2e.pdf (1,221 pages): ${median(clicks).toFixed(0)} ms from the click on its card (median of ${RUNS}; page load → first page ${median(full).toFixed(0)} ms)`);
  }

  const big = list.find((x) => x.key === 'big');
  if (big) {
    await page.goto(`${base}/library`);
    await page.locator('.book-card').first().waitFor({ timeout: 120_000 });
    const heapBefore = await heap();
    const rssBefore = chromiumPss();
    await page.goto(`${base}/read/${big.id}`);
    const bigFirst = await waitFirstPage(page);
    const readAtFirst = await page.evaluate(() => window.__bytesRead);
    const pageNumber = page.getByRole('textbox', { name: 'Page number' });
    await pageNumber.fill('100');
    await pageNumber.press('Enter');
    await page.waitForFunction(() => document.querySelector('.page[data-page-number="100"][data-loaded="true"]'), null, { timeout: 120_000 });
    await page.waitForTimeout(1500);
    const readAt100 = await page.evaluate(() => window.__bytesRead);
    const heapAfter = await heap();
    const rssAfter = chromiumPss();
    rows.push([`${big.title}: page load → first page`, bigFirst.toFixed(0)]);
    rows.push([`${big.title}: bytes read for page 1 / after jumping to page 100`, `${mb(readAtFirst)} / ${mb(readAt100)} of ${mb(big.size)}`]);
    rows.push([`${big.title}: page JS heap, library → reader at page 100`, `${mb(heapBefore)} → ${mb(heapAfter)}`]);
    rows.push([`${big.title}: PSS of all Chromium processes, library → reader at page 100`, `${mb(rssBefore)} → ${mb(rssAfter)}`]);
  }

  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  console.log(`| ${'measure'.padEnd(w0)} | ${'value'.padEnd(w1)} |`);
  console.log(`|${'-'.repeat(w0 + 2)}|${'-'.repeat(w1 + 2)}|`);
  for (const r of rows) console.log(`| ${r[0].padEnd(w0)} | ${r[1].padEnd(w1)} |`);
} finally {
  await context.close();
  server.kill();
  rmSync(profile, { recursive: true, force: true });
}
