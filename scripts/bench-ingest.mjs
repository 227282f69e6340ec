#!/usr/bin/env node
/**
 * Whole-pipeline ingestion figures in headless Chromium, through the real app (prints figures;
 * asserts nothing). Each run is a fresh browser context whose "picked folder" is an OPFS
 * directory filled with books, then Admin → Library → Choose folder (or Scan now):
 *
 *  - ingest of generated books (half small PDFs, half EPUBs with a PNG cover): books per second
 *    and peak memory (PSS of every Chromium process, sampled);
 *  - ingest of "typical" books (copies of the real fixtures, each made distinct: 3 KB–630 KB,
 *    1–113 pages), with 1 and 2 ingest workers: what using both cores buys;
 *  - rescan of N unchanged files (catalogue made in Node, folder in OPFS): milliseconds.
 *
 * Hashing throughput on a 512 MB file is measured by scripts/bench-extract.mjs (same hashFile).
 *
 *   node scripts/bench-ingest.mjs [--books 1000] [--typical 100] [--rescan 10000] [--workers 1,2] [--rebuild]
 *     --covers-off   typical books without cover thumbnails (what covers cost)
 *     --variants     typical books with 1 or 2 workers, 1 or 2 files in flight each, covers on/off
 *   env INGEST_BENCH_DIST (build folder), BENCH_TRACE=file.json (Chrome trace with CPU profiles
 *   of every thread, for the first ingest), BENCH_DEBUG=1 (CPU by process type, app console).
 */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { randomBytes } from 'node:crypto';
import { tsImport } from 'tsx/esm/api';
import { chromium } from 'playwright-core';
import { unzipSync, zipSync, strToU8 } from 'fflate';
import { makeEpub, makePdf } from './lib/makeBooks.mjs';
import { arg, ensureBuild, firstRun, fmt, launchOptions, loadAverage, pickOpfsFolder, PASSWORD, reportSeq, ROOT, sampler, signIn, startApp, summary, waitForReport } from './lib/benchKit.mjs';

const DIST = process.env.INGEST_BENCH_DIST ?? '/tmp/alex/bench-ingest-dist';
const FOLDER = 'bench-books';

async function newContext(browser, base, tuning = {}) {
  // No service worker: its first-visit precache (the whole app) would be measured with the scan.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.addInitScript(...pickOpfsFolder(FOLDER, tuning));
  const setupUrl = `${base}/__bench-setup`;
  await context.route(setupUrl, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>setup</title>' }));
  const setup = await context.newPage();
  await setup.goto(setupUrl);
  return { context, setup };
}

async function writeFiles(page, files) {
  for (let i = 0; i < files.length; i += 20) {
    await page.evaluate(
      async ({ folder, files }) => {
        const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
        for (const f of files) {
          let dir = root;
          const parts = f.path.split('/');
          for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
          const w = await (await dir.getFileHandle(parts.at(-1), { create: true })).createWritable();
          await w.write(Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0)));
          await w.close();
        }
      },
      { folder: FOLDER, files: files.slice(i, i + 20).map((f) => ({ path: f.path, b64: f.bytes.toString('base64') })) },
    );
  }
}

/** A fresh library, a folder of `files`, Choose folder: the first scan, timed. */
async function ingest(browser, base, files, tuning = {}) {
  const { context, setup } = await newContext(browser, base, tuning);
  await writeFiles(setup, files);
  await setup.close();
  const page = await context.newPage();
  if (process.env.BENCH_DEBUG) page.on('console', (m) => /SCANTIMING|SQLSTATS/.test(m.text()) && console.log('   ', m.text()));
  page.on('worker', (w) => process.env.BENCH_DEBUG && console.log('  worker', w.url()));
  await firstRun(page, base);
  await page.goto(`${base}/admin/library`);
  await page.getByRole('button', { name: 'Choose folder' }).waitFor();
  const seq = await reportSeq(page);
  const stop = sampler();
  const trace = process.env.BENCH_TRACE;
  if (trace) await page.context().browser().startTracing(page, { path: trace, categories: ['disabled-by-default-v8.cpu_profiler', 'v8.execute', 'devtools.timeline', '__metadata'] });
  const t0 = performance.now();
  await page.getByRole('button', { name: 'Choose folder' }).click();
  const r = await waitForReport(page, seq);
  if (trace) await page.context().browser().stopTracing();
  const wallMs = performance.now() - t0;
  const { peakMb, cpuSeconds } = stop();
  await context.close();
  return {
    ...r,
    wallMs,
    peakMb,
    cpuSeconds,
    booksPerSecond: r.added / (r.durationMs / 1000),
    // What the same work gives on this machine's cores when nothing else runs.
    booksPerCpuSecond: r.added / cpuSeconds,
    bytes: files.reduce((n, f) => n + f.bytes.length, 0),
  };
}

function generatedBooks(n) {
  const files = [];
  for (let i = 0; i < n; i++) {
    const title = `Generated book ${i + 1}`;
    const author = `Author ${(i % 37) + 1}`;
    const dir = `Shelf ${String(Math.floor(i / 100) + 1).padStart(2, '0')}`;
    if (i % 2 === 0) files.push({ path: `${dir}/book-${i + 1}.pdf`, bytes: makePdf({ title, author, pages: 10 + (i % 30), seed: i + 1 }) });
    else files.push({ path: `${dir}/book-${i + 1}.epub`, bytes: makeEpub({ title, author, chapters: 3 + (i % 8), seed: i + 1 }) });
  }
  return files;
}

/** Copies of the real fixtures, each with different bytes (so different hashes), round-robin. */
function typicalBooks(n) {
  const names = ['R-intro.pdf', 'amsldoc.pdf', 'TeXoutline.pdf', 'live-manual.en.epub', 'developers-reference.epub'];
  const bytes = Object.fromEntries(names.map((f) => [f, readFileSync(`${ROOT}tests/fixtures/${f}`)]));
  const epubs = Object.fromEntries(names.filter((f) => f.endsWith('.epub')).map((f) => [f, unzipSync(new Uint8Array(bytes[f]))]));
  return Array.from({ length: n }, (_, i) => {
    const name = names[i % names.length];
    const path = `Typical/${String(i + 1).padStart(4, '0')} ${name}`;
    if (name.endsWith('.pdf')) return { path, bytes: Buffer.concat([bytes[name], Buffer.from(`\n% copy ${i}\n`)]) };
    const entries = { mimetype: [epubs[name].mimetype, { level: 0 }] };
    for (const [k, v] of Object.entries(epubs[name])) if (k !== 'mimetype') entries[k] = v;
    entries['META-INF/bench-copy.txt'] = strToU8(String(i));
    return { path, bytes: Buffer.from(zipSync(entries, { level: 6 })) };
  });
}

/**
 * N unchanged files: the folder is written in OPFS, the catalogue that knows them is made in
 * Node (same migrations and code) and put in place before the app first opens, with the folder
 * handle in IndexedDB as "Choose folder" leaves it. Then Scan now, timed, a few times.
 */
async function rescan(browser, base, n, rounds = 3) {
  const { openSqlJs } = await tsImport('../src/db/openSqlJs.ts', import.meta.url);
  const { migrate } = await tsImport('../src/db/migrate.ts', import.meta.url);
  const { loadMigrations } = await tsImport('../src/db/loadMigrations.ts', import.meta.url);
  const { insertUser } = await tsImport('../src/db/queries/users.ts', import.meta.url);
  const { setSetting } = await tsImport('../src/db/queries/settings.ts', import.meta.url);
  const { addLocalBook } = await tsImport('../src/db/queries/books.ts', import.meta.url);
  const { hashPassword } = await tsImport('../src/domain/passwords.ts', import.meta.url);

  const { context, setup } = await newContext(browser, base);
  const stats = await setup.evaluate(
    async ({ folder, n }) => {
      const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
      const out = [];
      for (let d = 0; d * 100 < n; d++) {
        const dir = await root.getDirectoryHandle(`Shelf ${d}`, { create: true });
        await Promise.all(
          Array.from({ length: Math.min(100, n - d * 100) }, async (_, i) => {
            const name = `book-${d * 100 + i}.${i % 2 ? 'epub' : 'pdf'}`;
            const h = await dir.getFileHandle(name, { create: true });
            const w = await h.createWritable();
            await w.write(`%PDF-1.4 placeholder ${d}-${i}`);
            await w.close();
            const f = await h.getFile();
            out.push({ path: `Shelf ${d}/${name}`, size: f.size, mtime: f.lastModified });
          }),
        );
      }
      return out;
    },
    { folder: FOLDER, n },
  );

  const db = await openSqlJs();
  await migrate(db, loadMigrations());
  await insertUser(db, { id: '1', email: 'admin@localhost', displayName: 'Administrator', role: 'admin', passwordHash: await hashPassword(PASSWORD, 4) });
  await db.transaction(async () => {
    let t = 1_750_000_000;
    for (const s of stats) {
      const book = { fileType: s.path.endsWith('.pdf') ? 'pdf' : 'epub', title: s.path, author: null, description: null, pageCount: null, coverPath: null };
      await addLocalBook(db, s, randomBytes(32).toString('hex'), book, t++);
    }
    await setSetting(db, 'local_mode', 'folder');
    await setSetting(db, 'local_folder_name', FOLDER);
  });
  const dbBase64 = Buffer.from(db.raw.export()).toString('base64');
  await db.close();
  await setup.evaluate(
    async ({ folder, dbBase64 }) => {
      const root = await navigator.storage.getDirectory();
      const w = await (await root.getFileHandle('library.db', { create: true })).createWritable();
      await w.write(Uint8Array.from(atob(dbBase64), (c) => c.charCodeAt(0)));
      await w.close();
      // Where "Choose folder" keeps the handle (idb-keyval's default store).
      const handle = await root.getDirectoryHandle(folder);
      await new Promise((resolve, reject) => {
        const open = indexedDB.open('keyval-store', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('keyval');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('keyval', 'readwrite');
          tx.objectStore('keyval').put(handle, 'alex-folder-handle');
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      });
    },
    { folder: FOLDER, dbBase64 },
  );
  await setup.close();

  const page = await context.newPage();
  if (process.env.BENCH_DEBUG) {
    await page.addInitScript(() => localStorage.setItem('alex.scanTimings', '1'));
    page.on('console', (m) => /SCANTIMING/.test(m.text()) && console.log('   ', m.text()));
  }
  await signIn(page, base);
  await page.goto(`${base}/admin/library`);
  // The scan on start (first of the session: it also looks for orphan covers).
  const first = await waitForReport(page, 0);
  // Check every file (a full walk, what Scan now always was) and Scan now (a quick scan while
  // the folder is watched), in turns, so both see the same load.
  const click = async (label) => {
    // The buttons are disabled while any scan or cover pass runs (a click then does nothing).
    await page.waitForFunction(
      (label) => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === label && !b.disabled),
      label,
      { timeout: 10 * 60_000 },
    );
    const seq = await reportSeq(page);
    // From the click to the report on screen (the report's own duration ends before it is saved and shown).
    const shownMs = await page.evaluate(
      async ({ seq, label }) => {
        const t0 = performance.now();
        const seqNow = () => Number(document.querySelector('[data-testid="scan-report"]')?.getAttribute('data-seq') ?? 0);
        const shown = new Promise((resolve) => {
          const mo = new MutationObserver(() => seqNow() > seq && (mo.disconnect(), resolve(performance.now() - t0)));
          mo.observe(document.body, { subtree: true, childList: true, attributes: true });
        });
        [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === label).click();
        return shown;
      },
      { seq, label },
    );
    const r = await waitForReport(page, seq);
    if (r.listed !== n || r.added !== 0) throw new Error(`rescan saw ${r.listed} files, added ${r.added}`);
    const how = await page.getByTestId('scan-report').evaluate((el) => ({ from: el.dataset.listedFrom, statted: Number(el.dataset.statted) }));
    return { ...r, ...how, shownMs: Math.round(shownMs) };
  };
  const every = [];
  const quick = [];
  const hasEvery = await page.getByRole('button', { name: 'Check every file' }).count();
  for (let i = 0; i < rounds; i++) {
    if (hasEvery) every.push(await click('Check every file'));
    quick.push(await click('Scan now'));
  }
  const times = quick.map((r) => r.durationMs);
  const shown = quick.map((r) => r.shownMs);
  // Automatic scans (on focus here; the interval and the folder observer do the same): where the
  // folder's change records are kept, they look only at what changed since the last walk.
  const { automaticScan } = await tsImport('../tests/browser/automaticScan.ts', import.meta.url);
  const auto = [];
  for (let i = 0; i < rounds; i++) {
    await page.waitForFunction(() => !document.querySelector('[data-testid="scan-activity"]'));
    await automaticScan(page, await reportSeq(page), 120_000);
    const r = await page.getByTestId('scan-report').evaluate((el) => ({ listed: Number(el.dataset.listed), durationMs: Number(el.dataset.durationMs), from: el.dataset.listedFrom }));
    if (r.listed !== n) throw new Error(`automatic rescan saw ${r.listed} files`);
    auto.push(r);
  }
  await context.close();
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    first, times, shown, medianMs: median(times), quick, every,
    everyMedianMs: every.length ? median(every.map((r) => r.durationMs)) : null,
    auto, autoMedianMs: median(auto.map((a) => a.durationMs)),
  };
}

async function main() {
  ensureBuild(DIST);
  const { base, server } = await startApp(DIST);
  const browser = await chromium.launch(launchOptions());
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Machine: ${cpus().length} cores, ${cpu}, ${fmt(totalmem() / 2 ** 30)} GB RAM, Chromium ${browser.version()}, Node ${process.version}; load average ${loadAverage()}`);
  try {
    const books = Number(arg('--books', 1000));
    if (books > 0) {
      const files = generatedBooks(books);
      console.log(`\nIngest of ${books} generated books (${books / 2} PDFs of 10–39 pages, ${books / 2} EPUBs with a cover; ${fmt(files.reduce((n, f) => n + f.bytes.length, 0) / 1e6)} MB), 2 ingest workers:`);
      const r = await ingest(browser, base, files, { workers: 2 });
      console.log(`  ${r.added} added in ${fmt(r.durationMs / 1000, 2)} s: ${fmt(r.booksPerSecond)} books/s; peak memory (PSS, all Chromium processes) ${fmt(r.peakMb, 0)} MB`);
      summary(`ingest of ${books} generated books: ${fmt(r.booksPerSecond)} books/s, peak memory ${fmt(r.peakMb, 0)} MB`);
      console.log(`  CPU: ${fmt(r.cpuSeconds)} s over all Chromium processes = ${fmt((r.cpuSeconds / r.added) * 1000, 0)} ms per book; ${fmt(r.booksPerCpuSecond * cpus().length)} books/s on ${cpus().length} idle cores`);
    }
    const typical = Number(arg('--typical', 100));
    if (typical > 0) {
      const files = typicalBooks(typical);
      console.log(`\nIngest of ${typical} typical books (copies of the 5 real fixtures, ${fmt(files.reduce((n, f) => n + f.bytes.length, 0) / 1e6)} MB):`);
      for (const w of arg('--workers', '1,2').split(',').map(Number)) {
        const r = await ingest(browser, base, files, { workers: w, covers: !process.argv.includes('--covers-off') });
        console.log(
          `  ${w} ingest worker${w > 1 ? 's' : ' '}: ${r.added} added in ${fmt(r.durationMs / 1000, 2)} s: ${fmt(r.booksPerSecond)} books/s; peak memory ${fmt(r.peakMb, 0)} MB; CPU ${fmt((r.cpuSeconds / r.added) * 1000, 0)} ms per book`,
        );
      }
    }
    if (process.argv.includes('--variants')) {
      const files = typicalBooks(Number(arg('--typical', 100)));
      for (const v of [{ workers: 2, lanes: 1 }, { workers: 2, lanes: 2 }, { workers: 2, lanes: 2, covers: false }, { workers: 1, lanes: 1 }]) {
        const r = await ingest(browser, base, files, v);
        console.log(`  ${JSON.stringify(v)}: ${fmt(r.booksPerSecond)} books/s, CPU ${fmt((r.cpuSeconds / r.added) * 1000, 0)} ms per book, peak ${fmt(r.peakMb, 0)} MB (load ${loadAverage()})`);
      }
    }
    const n = Number(arg('--rescan', 10000));
    if (n > 0) {
      console.log(`\nRescan of ${n.toLocaleString('en')} unchanged files (walk + compare, nothing read):`);
      const r = await rescan(browser, base, n);
      const what = (r) => `${r.durationMs} ms (${r.from}, ${r.statted} stat'ed)`;
      console.log(`  first scan after start ${r.first.durationMs} ms`);
      if (r.every.length) console.log(`  Check every file: ${r.every.map(what).join(', ')} (median ${r.everyMedianMs} ms); click to report on screen ${r.every.map((x) => x.shownMs).join(', ')} ms`);
      console.log(`  Scan now: ${r.quick.map(what).join(', ')} (median ${r.medianMs} ms); click to report on screen ${r.shown.join(', ')} ms (load ${loadAverage()})`);
      console.log(`  automatic rescans: ${r.auto.map((a) => `${a.durationMs} ms (${a.from})`).join(', ')} (median ${r.autoMedianMs} ms)`);
      summary(
        `rescan of ${n.toLocaleString('en')} unchanged files: Scan now ${fmt(r.medianMs / 1000, 2)} s (median of ${r.times.length}, ${r.quick[0]?.from ?? '?'})` +
          (r.everyMedianMs === null ? '' : `; Check every file ${fmt(r.everyMedianMs / 1000, 2)} s (${r.every[0]?.from ?? '?'})`) +
          `; automatic rescan ${fmt(r.autoMedianMs / 1000, 2)} s (${r.auto[0]?.from ?? '?'})`,
      );
    }
  } finally {
    await browser.close();
    server.kill();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
