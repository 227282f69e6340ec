#!/usr/bin/env node
/**
 * Is the library page responsive while the full-text index is being built (issue #16)? Headless
 * Chromium, the production build, a profile holding real books (the corpus's manuals, imported
 * into OPFS) that are not indexed yet. The same window of user actions on /library is measured
 * twice in one run, each after a page load: while the index is indexing (it starts by itself
 * after sign-in) and with it paused (Admin → Library → Pause, as the user would). Prints figures;
 * asserts nothing.
 *
 *  - title search: Enter in the Search box → the result count changed and painted;
 *  - search inside books: Enter → the first "In the text" row painted (the full-text worker is
 *    busy with a book meanwhile: the search waits for its current step);
 *  - the page's main thread: long tasks (> 50 ms) and frames later than 50 ms, over the window.
 *
 *   node scripts/bench-ui-indexing.mjs [--books 24] [--rounds 3] [--rebuild] [--profile]
 *
 * --profile records the page's main thread (V8's CPU profiler) in each window and prints the
 * functions with the most self time: where long tasks come from.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { CORPUS_HINT, existingCorpus } from './lib/corpus.mjs';
import { arg, benchCatalogue, ensureBuild, fmt, loadAverage, median, p95, profileWithBooks, signIn, startApp, summary } from './lib/benchKit.mjs';

const DIST = process.env.READERS_BENCH_DIST ?? join(tmpdir(), 'alex-bench-readers-dist');
const BOOKS = Number(arg('--books', '24'));
const ROUNDS = Number(arg('--rounds', '3'));
const PROFILE = process.argv.includes('--profile');

const corpus = existingCorpus();
if (!corpus) {
  console.log(`UI while indexing: skipped, ${CORPUS_HINT}`);
  summary(`UI while indexing: skipped, ${CORPUS_HINT}`);
  process.exit(0);
}
// Real manuals of real sizes, PDFs and EPUBs, spread over the corpus (every k-th by path).
const files = corpus.filter((f) => /\.(pdf|epub)$/i.test(f.path)).sort((a, b) => a.path.localeCompare(b.path));
const step = Math.max(1, Math.floor(files.length / BOOKS));
const list = files
  .filter((_, i) => i % step === 0)
  .slice(0, BOOKS)
  .map((f, i) => ({ title: basename(f.path).replace(/\.(pdf|epub)$/i, ''), type: f.path.toLowerCase().endsWith('.pdf') ? 'pdf' : 'epub', name: `${i}-${basename(f.path)}`, path: f.abs, size: f.size }));

// In every page: long tasks, late frames, the index's progress (its BroadcastChannel), and when
// the result count and the first "In the text" row were painted after the last Enter.
const INIT = () => {
  const w = window;
  w.__m = { long: [], gaps: [] };
  new PerformanceObserver((l) => w.__m.long.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: false });
  let last = performance.now();
  const frame = (t) => {
    if (t - last > 50) w.__m.gaps.push(t - last);
    last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new BroadcastChannel('alex-fulltext').onmessage = (e) => {
    if (e.data?.status) w.__index = e.data.status;
  };
  addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      w.__enter = performance.now();
      w.__countPaint = w.__textPaint = 0;
    }
  }, true);
  const painted = (key) => requestAnimationFrame(() => (w[key] ||= performance.now()));
  new MutationObserver(() => {
    const count = document.querySelector('[data-testid="result-count"]')?.textContent ?? '';
    if (w.__enter && count && count !== w.__countText) {
      w.__countText = count;
      painted('__countPaint');
    }
    if (w.__enter && document.querySelector('[data-testid="in-the-text"] [data-testid="text-hit"]')) painted('__textPaint');
  }).observe(document, { childList: true, subtree: true, characterData: true });
};

/** The functions of a V8 CPU profile with the most self time. */
function topSelf(profile, n = 12) {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, n);
}

/** One window of user actions on /library; the figures of the window. */
async function measureWindow(page, base) {
  await page.goto(`${base}/library`);
  const cdp = PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  const box = page.getByRole('searchbox', { name: 'Search' });
  await box.waitFor();
  await page.evaluate(() => ((window.__m.long.length = 0), (window.__m.gaps.length = 0)));
  const settledBefore = await page.evaluate(() => window.__index?.settled ?? null);
  const t0 = Date.now();
  const title = [];
  const text = [];
  // Title searches: parts of real titles (each matches some books, not all), then back to all.
  const words = list.map((b) => b.title.slice(0, 4).toLowerCase()).filter((w, i, a) => a.indexOf(w) === i).slice(0, 4);
  /** Types `value`, presses Enter, and waits for `key`'s paint: ms from the Enter, or null. */
  const enter = async (value, key, timeout) => {
    await box.fill(value);
    await box.press('Enter');
    return page
      .waitForFunction((k) => window[k] && window[k] - window.__enter, key, { timeout, polling: 'raf' })
      .then((h) => h.jsonValue())
      .catch(() => null);
  };
  for (let r = 0; r < ROUNDS; r++) {
    for (const q of words) {
      for (const value of [q, '']) {
        const ms = await enter(value, '__countPaint', 15_000);
        if (ms !== null) title.push(ms);
      }
    }
    // Search inside books: words of any manual.
    for (const q of ['package', 'document']) {
      const ms = await enter(q, '__textPaint', 120_000);
      if (ms !== null) text.push(ms);
      await enter('', '__countPaint', 15_000);
    }
  }
  const m = await page.evaluate(() => ({ long: [...window.__m.long], gaps: [...window.__m.gaps], index: window.__index ?? null }));
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    console.log('  main thread, most self time (ms):');
    for (const [k, ms] of topSelf(profile)) console.log(`    ${fmt(ms, 0).padStart(6)}  ${k}`);
    await cdp.detach();
  }
  return { ...m, title, text, seconds: (Date.now() - t0) / 1000, settledBefore };
}

function report(label, w) {
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const idx = w.index ? `, index ${w.index.running ? 'running' : 'not running'}: ${w.settledBefore ?? '?'} → ${w.index.settled} of ${w.index.total} books${w.index.current ? ` (now: ${w.index.current})` : ''}` : '';
  console.log(`\n${label} (${fmt(w.seconds, 0)} s window${idx}; load ${loadAverage()})`);
  console.log(`  title search, Enter → count painted: median ${fmt(median(w.title), 0)} ms, p95 ${fmt(p95(w.title), 0)} ms (${w.title.length} searches)`);
  if (w.text.length) console.log(`  search inside books, Enter → first row painted: median ${fmt(median(w.text), 0)} ms, p95 ${fmt(p95(w.text), 0)} ms (${w.text.length} searches: ${w.text.map((x) => fmt(x, 0)).join(', ')})`);
  else console.log('  search inside books: no row within 120 s');
  console.log(`  main thread: ${w.long.length} long tasks, ${fmt(sum(w.long), 0)} ms in all, longest ${fmt(Math.max(0, ...w.long), 0)} ms; ${w.gaps.length} frames later than 50 ms, latest ${fmt(Math.max(0, ...w.gaps), 0)} ms`);
}

ensureBuild(DIST);
const dbBytes = await benchCatalogue(list);
const { base, server } = await startApp(DIST);
console.log(`UI while the text index is built — headless Chromium, ${list.length} real books (${fmt(list.reduce((a, b) => a + b.size, 0) / 1e6, 0)} MB, ${list.filter((b) => b.type === 'epub').length} EPUB), ${ROUNDS} rounds of actions a window`);
const { context, profile } = await profileWithBooks('alex-bench-ui-profile', base, dbBytes, list);
try {
  await context.addInitScript(INIT);
  const page = context.pages()[0] ?? (await context.newPage());
  await signIn(page, base);
  // Indexing starts by itself after sign-in: wait until a book is being indexed.
  await page.waitForFunction(() => window.__index?.running && window.__index.current, null, { timeout: 120_000, polling: 250 });
  const busy = await measureWindow(page, base);
  report('while indexing', busy);
  if (!busy.index?.running) console.log('  (the index finished during the window: use more --books)');
  await page.evaluate(() => localStorage.setItem('alex-text-index-paused', '1'));
  const idle = await measureWindow(page, base);
  report('index paused', idle);
  summary(
    `UI while indexing: title search ${fmt(median(busy.title), 0)} ms median (paused ${fmt(median(idle.title), 0)}), inside books ${fmt(median(busy.text), 0)} ms (paused ${fmt(median(idle.text), 0)}), long tasks ${busy.long.length} (paused ${idle.long.length})`,
  );
} finally {
  await context.close();
  server.kill();
  rmSync(profile, { recursive: true, force: true });
}
