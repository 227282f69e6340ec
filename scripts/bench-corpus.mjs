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
import { arg, descendants, ensureBuild, firstRun, fmt, launchOptions, loadAverage, pickOpfsFolder, reportSeq, sampler, startApp, summary, waitForReport } from './lib/benchKit.mjs';

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

async function appIngest(base, files, tuning) {
  const profile = mkdtempSync(join(tmpdir(), 'alex-bench-corpus-profile-'));
  try {
    let context = await chromium.launchPersistentContext(profile, launchOptions({ serviceWorkers: 'block' }));
    await fillOpfs(context, base, files);
    await context.close();
    // A fresh start: the copying's memory is not counted, the files are on disk as a picked folder's are.
    context = await chromium.launchPersistentContext(profile, launchOptions({ serviceWorkers: 'block' }));
    try {
      await context.addInitScript(...pickOpfsFolder(FOLDER, tuning));
      const page = context.pages()[0] ?? (await context.newPage());
      if (process.env.BENCH_DEBUG) page.on('console', (m) => console.log('   ', m.text()));
      await firstRun(page, base);
      await page.goto(`${base}/admin/library`);
      await page.getByRole('button', { name: 'Choose folder' }).waitFor();
      const seq = await reportSeq(page);
      const stop = sampler();
      const t0 = performance.now();
      await page.getByRole('button', { name: 'Choose folder' }).click();
      const r = await waitForReport(page, seq);
      const wallMs = performance.now() - t0;
      const { peakMb, cpuSeconds } = stop();
      return { ...r, wallMs, peakMb, cpuSeconds };
    } finally {
      await context.close();
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
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
    const app = await appIngest(base, files, workers ? { workers: Number(workers) } : {});
    const appRate = app.added / (app.durationMs / 1000);
    let line = `ingest of ${files.length} real books: Alex ${fmt(appRate)} books/s, peak memory ${fmt(app.peakMb, 0)} MB`;
    console.log(
      `  Alex (Chromium ${chromium.name()}): ${app.added} added of ${app.listed} in ${fmt(app.durationMs / 1000, 1)} s: ${fmt(appRate)} books/s; peak memory ${fmt(app.peakMb, 0)} MB; CPU ${fmt(app.cpuSeconds)} s (load ${loadAverage()})`,
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
