#!/usr/bin/env node
/**
 * Ingest of real books (prints figures; asserts nothing): the corpus of scripts/lib/corpus.mjs
 * (about 600 PDF/EPUB manuals from Debian's documentation packages, built on first use) added
 * by the real app in headless Chromium (a persistent profile whose picked folder is an OPFS
 * folder holding the corpus; Admin → Library → Choose folder, timed to the scan report), and by
 * calibre's `calibredb add -r` on the same files into a temporary library, in the same run.
 * Peak memory is the PSS of every process each one started.
 *
 *   node scripts/bench-corpus.mjs [--no-calibre] [--workers N] [--rebuild] [--build-corpus]
 * Without the corpus it says how to build it and exits (--build-corpus: builds it first).
 *   env INGEST_BENCH_DIST (build folder), ALEX_CORPUS (corpus folder), BENCH_DEBUG=1
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CORPUS_HINT, ensureCorpus, existingCorpus } from './lib/corpus.mjs';
import { arg, descendants, ensureBuild, firstRun, fmt, launchOptions, loadAverage, pickOpfsFolder, reportSeq, sampler, signIn, startApp, summary, waitForReport } from './lib/benchKit.mjs';

const DIST = process.env.INGEST_BENCH_DIST ?? '/tmp/alex/bench-ingest-dist';
const FOLDER = 'corpus';

/** Copies the corpus into the profile's OPFS folder, through the page (fetch → createWritable). */
async function fillOpfs(context, base, files) {
  await context.route(`${base}/__corpus/**`, (route) => {
    const i = Number(new URL(route.request().url()).pathname.split('/').pop());
    return i >= 0 ? route.fulfill({ path: files[i].abs, contentType: 'application/octet-stream' }) : route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>setup</title>' });
  });
  const page = await context.newPage();
  await page.goto(`${base}/__corpus/-1`);
  await page.evaluate(
    async ({ folder, paths }) => {
      const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
      let next = 0;
      const copy = async () => {
        for (let i; (i = next++) < paths.length; ) {
          let dir = root;
          const parts = paths[i].split('/');
          for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
          const w = await (await dir.getFileHandle(parts.at(-1), { create: true })).createWritable();
          await (await fetch(`/__corpus/${i}`)).body.pipeTo(w);
        }
      };
      await Promise.all([copy(), copy(), copy(), copy()]);
    },
    { folder: FOLDER, paths: files.map((f) => f.path) },
  );
  await page.close();
}

/** True for the error Playwright throws when the page, its context or the browser went away. */
const isGone = (e) => /Target page, context or browser has been closed|Target closed|crash/i.test(String(e?.message ?? e));

/**
 * Ingests the corpus in the app: Choose folder, timed to the scan report (books in the library
 * with their metadata), then to the end of the cover pass (every PDF's cover drawn). If the page
 * or the browser goes away meanwhile (a renderer killed on a loaded machine ended earlier runs
 * with "Target page, context or browser has been closed"), the bench reopens the app as a user
 * would, and the resumable scan and cover pass finish the job; the figures then count from the
 * first click, with the number of such restarts.
 */
async function appIngest(base, files, tuning) {
  const profile = mkdtempSync(join(tmpdir(), 'alex-bench-corpus-profile-'));
  const debug = !!process.env.BENCH_DEBUG;
  let context;
  const launch = async () => {
    context = await chromium.launchPersistentContext(profile, launchOptions({ serviceWorkers: 'block' }));
    await context.addInitScript(...pickOpfsFolder(FOLDER, tuning));
    context.on('close', () => debug && console.log('    (browser context closed)'));
    const page = context.pages()[0] ?? (await context.newPage());
    watch(page);
    return page;
  };
  const watch = (page) => {
    page.on('crash', () => console.log('    (the page crashed)'));
    if (debug) page.on('console', (m) => console.log('   ', m.text()));
  };
  try {
    context = await chromium.launchPersistentContext(profile, launchOptions({ serviceWorkers: 'block' }));
    await fillOpfs(context, base, files);
    await context.close();
    // A fresh start: the copying's memory is not counted, the files are on disk as a picked folder's are.
    let page = await launch();
    try {
      await firstRun(page, base);
      await page.goto(`${base}/admin/library`);
      await page.getByRole('button', { name: 'Choose folder' }).waitFor();
      const seq = await reportSeq(page);
      const stop = sampler();
      const t0 = performance.now();
      await page.getByRole('button', { name: 'Choose folder' }).click();
      let restarts = 0;
      /** Reopens the app after the page or browser went away; a scan of the folder resumes the work. */
      const reopen = async (e) => {
        if (!isGone(e) || ++restarts > 3) throw e;
        console.log(`  (the app went away at ${fmt((performance.now() - t0) / 1000, 1)} s: ${String(e.message).split('\n')[0]}; reopening it)`);
        try {
          page = await context.newPage();
          watch(page);
        } catch {
          await context.close().catch(() => {});
          page = await launch();
        }
        await signIn(page, base);
        await page.goto(`${base}/admin/library`);
        await page.getByRole('button', { name: 'Scan now' }).waitFor();
        await page.waitForFunction(() => !document.querySelector('[data-testid="scan-activity"]'), null, { timeout: 60 * 60_000 });
        const after = await reportSeq(page);
        await page.getByRole('button', { name: 'Scan now' }).click();
        return after;
      };
      let r;
      let after = seq;
      for (;;) {
        try {
          r = await waitForReport(page, after);
          break;
        } catch (e) {
          after = await reopen(e);
        }
      }
      const reportMs = performance.now() - t0;
      for (;;) {
        try {
          await page.getByTestId('cover-activity').waitFor({ state: 'detached', timeout: 60 * 60_000 });
          break;
        } catch (e) {
          await reopen(e);
        }
      }
      const coversMs = performance.now() - t0;
      const books = Number(await page.getByTestId('folder-book-count').textContent());
      const { peakMb, cpuSeconds, peakAtMs, peakBy } = stop();
      console.log(
        `  peak memory at ${fmt(peakAtMs / 1000, 1)} s (scan report at ${fmt(reportMs / 1000, 1)} s), MB by process: ${JSON.stringify(Object.fromEntries(Object.entries(peakBy).filter(([, mb]) => mb >= 20)))}`,
      );
      // The full-text index waits for the scan and the covers, then reads the books again: its own
      // peak, over `--after-covers S` seconds at most (until it is done).
      const afterS = Number(arg('--after-covers', 0));
      if (afterS > 0) {
        const stopText = sampler();
        const done = await page
          .waitForFunction(() => /^Text index: (\d+) of \1 books$/.test(document.querySelector('[data-testid="text-index-count"]')?.textContent ?? ''), null, { timeout: afterS * 1000 })
          .then(() => true, () => false);
        const t = stopText();
        const text = await page.getByTestId('text-index-count').textContent().catch(() => '?');
        console.log(`  full-text index after the covers: ${done ? 'done' : `not done after ${afterS} s`} (${text}); peak memory meanwhile ${fmt(t.peakMb, 0)} MB at ${fmt(t.peakAtMs / 1000, 1)} s: ${JSON.stringify(Object.fromEntries(Object.entries(t.peakBy).filter(([, mb]) => mb >= 20)))} (load ${loadAverage()})`);
      }
      return { ...r, books, restarts, reportMs, coversMs, peakMb, cpuSeconds };
    } finally {
      await context.close().catch(() => {});
    }
  } finally {
    // Chromium's last writes to its profile may still land: retry, and never hide the bench's own error.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {
      /* a temporary folder left behind */
    }
  }
}

/** `calibredb add -r` of the corpus folder into an empty library: books added, seconds, peak PSS. */
async function calibreIngest(dir) {
  const library = mkdtempSync(join(tmpdir(), 'alex-bench-calibre-'));
  try {
    const t0 = performance.now();
    const child = spawn('calibredb', ['add', '-r', dir, '--library-path', library], {
      env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stop = sampler(() => [child.pid, ...descendants(/./, child.pid)]);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    const seconds = (performance.now() - t0) / 1000;
    const { peakMb, cpuSeconds } = stop();
    if (code !== 0) throw new Error(`calibredb exited with ${code}: ${out.slice(-500)}`);
    const ids = /Added book ids:\s*([\d,\s]+)/.exec(out)?.[1].split(',').filter((s) => s.trim()).length ?? 0;
    return { added: ids, seconds, peakMb, cpuSeconds };
  } finally {
    rmSync(library, { recursive: true, force: true });
  }
}

async function main() {
  const files = process.argv.includes('--build-corpus') ? ensureCorpus() : existingCorpus();
  if (!files) {
    console.log(`Skipped: ${CORPUS_HINT}.`);
    summary(`ingest of real books: skipped, ${CORPUS_HINT}`);
    return;
  }
  const { CORPUS_DIR } = await import('./lib/corpus.mjs');
  ensureBuild(DIST);
  const { base, server } = await startApp(DIST);
  const bytes = files.reduce((n, f) => n + f.size, 0);
  console.log(`Machine: ${cpus().length} cores, ${cpus()[0]?.model}, ${fmt(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}; load average ${loadAverage()}`);
  console.log(`Corpus: ${files.length} real PDF/EPUB files, ${fmt(bytes / 1e6, 0)} MB (${CORPUS_DIR})`);
  try {
    const workers = arg('--workers', undefined);
    const app = await appIngest(base, files, { ...(workers ? { workers: Number(workers) } : {}), ...(process.argv.includes('--no-text-index') ? { textIndex: false } : {}) });
    // Books in the library (title, pages, hash) per second of the scan, as the report times it;
    // after a restart, the books counted over the wall time from the first click.
    const appRate = app.restarts ? app.books / (app.reportMs / 1000) : app.added / (app.durationMs / 1000);
    let line = `ingest of ${files.length} real books: Alex ${fmt(appRate)} books/s (covers all drawn after ${fmt(app.coversMs / 1000, 0)} s), peak memory ${fmt(app.peakMb, 0)} MB`;
    console.log(
      `  Alex (Chromium ${chromium.name()}): ${app.restarts ? app.books : app.added} added of ${app.listed} in ${fmt((app.restarts ? app.reportMs : app.durationMs) / 1000, 1)} s: ${fmt(appRate)} books/s; ` +
        `every PDF cover drawn ${fmt(app.coversMs / 1000, 1)} s after the click (${fmt(app.books / (app.coversMs / 1000))} books/s with covers); ` +
        `peak memory ${fmt(app.peakMb, 0)} MB; CPU ${fmt(app.cpuSeconds)} s${app.restarts ? `; the app was reopened ${app.restarts} time(s)` : ''} (load ${loadAverage()})`,
    );
    if (!process.argv.includes('--no-calibre')) {
      if (spawnSync('which', ['calibredb']).status !== 0) console.log('  calibredb: not installed (apt-get install -y calibre)');
      else {
        const c = await calibreIngest(CORPUS_DIR);
        const rate = c.added / c.seconds;
        console.log(`  calibredb add -r: ${c.added} added in ${fmt(c.seconds, 1)} s: ${fmt(rate, 2)} books/s; peak memory ${fmt(c.peakMb, 0)} MB; CPU ${fmt(c.cpuSeconds)} s (load ${loadAverage()})`);
        console.log(`  Alex / calibre: ${fmt(appRate / rate)}x`);
        line += `; calibredb add -r ${fmt(rate, 2)} books/s (peak ${fmt(c.peakMb, 0)} MB): ${fmt(appRate / rate)}x calibre`;
      }
    }
    summary(line);
  } finally {
    server.kill();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
