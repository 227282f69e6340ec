#!/usr/bin/env node
/**
 * Full-text indexing on OPFS in headless Chromium (issue #16; prints figures, asserts nothing):
 * the index's own code (src/fulltext) in a module worker of a bare harness page
 * (tests/browser/fulltext.vite.config.ts), writing a real OPFS file through the app's VFS.
 *
 *  - the real fixture books read (pdf.js, EPUB unzip) and indexed: MB of text per second;
 *  - a generated library (`--browser-books`, default 200, × `--sections` 60 of the real books'
 *    sections) written as the indexer writes it, one transaction per book: MB of text per second
 *    (the aim of the issue: at least 2) and the file's size over the text's.
 *
 *   node scripts/bench-fulltext-browser.mjs [--browser-books 200] [--sections 60] [--rebuild]
 *
 * To compare settings of the write path (run them back to back: the machine's load swings):
 *   --writes-only           skip the real books
 *   --setup 'PRAGMA …'      statements before the index is made (page_size, journal_mode, synchronous)
 *   --tune "INSERT …"       statements after (FTS5 automerge, crisismerge, pgsz)
 *   --per-tx N              generated books per transaction (default 1, as the indexer)
 *   --memory                an in-memory database in the same worker (no OPFS)
 *   --incognito             an off-the-record context (OPFS in the browser process) instead of a profile on disk
 *   --profile               time every call SQLite makes into the VFS (where the OPFS time goes)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { chromium } from 'playwright-core';
import { arg, ensureBuild, fmt, launchOptions, loadAverage, summary } from './lib/benchKit.mjs';

const BOOKS = Number(arg('--browser-books', 200));
const SECTIONS = Number(arg('--sections', 60));
const DIST = process.env.FULLTEXT_HARNESS_DIST ?? '/tmp/alex/fulltext-harness-dist';
const MB = 1e6;

// Built again whenever the code differs from the harness's (a harness left by another checkout
// once measured other code).
ensureBuild(DIST, { config: 'tests/browser/fulltext.vite.config.ts', env: { FULLTEXT_HARNESS_DIST: DIST } });

const { freePort, startPreview } = await tsImport('../tests/browser/globalSetup.ts', import.meta.url);
const port = await freePort();
const server = await startPreview(port, DIST);
// Playwright's newPage() opens an off-the-record context, whose OPFS lives in the browser process:
// every write of a sync access handle is then an IPC round trip. A user's profile writes a disk
// file from the worker itself; `--incognito` measures the former (what the tests' contexts use).
const incognito = process.argv.includes('--incognito');
const profileDir = incognito ? null : mkdtempSync(join(tmpdir(), 'alex-fulltext-bench-'));
const context = incognito ? await (await chromium.launch(launchOptions())).newContext() : await chromium.launchPersistentContext(profileDir, launchOptions());
const browser = { version: () => context.browser()?.version() ?? 'persistent profile', close: async () => { await context.close(); await context.browser()?.close(); if (profileDir) rmSync(profileDir, { recursive: true, force: true }); } };
try {
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error('  [harness]', m.text()));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  console.log(`full-text index on OPFS: Chromium ${browser.version()}, ${incognito ? 'off-the-record context' : 'on-disk profile'}, module worker, load ${loadAverage()}`);
  const opts = {
    books: BOOKS,
    sections: SECTIONS,
    writesOnly: process.argv.includes('--writes-only'),
    setup: arg('--setup', ''),
    tune: arg('--tune', ''),
    perTx: Number(arg('--per-tx', 1)),
    memory: process.argv.includes('--memory'),
    profile: process.argv.includes('--profile'),
  };
  if (opts.setup || opts.tune || opts.perTx !== 1 || opts.memory) console.log(`  settings: ${JSON.stringify({ setup: opts.setup, tune: opts.tune, perTx: opts.perTx, memory: opts.memory })}`);
  const r = await page.evaluate((o) => window.harness.bench(o), opts);
  let chars = 0;
  let ms = 0;
  if (r.real.length) {
    console.log('\nreal books (read + indexed, OPFS):');
    for (const b of r.real) {
      chars += b.chars;
      ms += b.ms;
      console.log(`  ${b.name.padEnd(28)} ${b.state.padEnd(8)} ${fmt(b.chars / MB, 2)} MB text  ${fmt(b.ms, 0)} ms  ${fmt(b.chars / MB / (b.ms / 1000), 2)} MB text/s`);
    }
    console.log(`  all: ${fmt(chars / MB, 2)} MB of text, ${fmt(chars / MB / (ms / 1000), 2)} MB text/s`);
  }
  const g = r.generated;
  const rate = g.chars / MB / (g.ms / 1000);
  console.log(`\ngenerated library written on OPFS: ${g.books} books × ${SECTIONS} sections, ${fmt(g.chars / MB, 1)} MB of text in ${fmt(g.ms / 1000, 1)} s`);
  console.log(`  ${fmt(rate, 2)} MB text/s (aim ≥ 2), file ${fmt(g.fileBytes / MB, 1)} MB = ${fmt(g.fileBytes / g.chars, 2)} × text (before any merge)`);
  if (r.vfs) {
    const total = Object.values(r.vfs).reduce((a, v) => a + v.ms, 0);
    console.log(`  VFS calls: ${fmt(total / 1000, 2)} s of the ${fmt(g.ms / 1000, 1)} s`);
    for (const [m, v] of Object.entries(r.vfs).sort((a, b) => b[1].ms - a[1].ms))
      console.log(`    ${m.padEnd(10)} ${String(v.calls).padStart(7)} calls ${fmt(v.ms, 0).padStart(7)} ms${v.bytes ? `  ${fmt(v.bytes / MB, 1)} MB` : ''}`);
  }
  summary(`full-text index on OPFS (Chromium): ${fmt(rate, 2)} MB text/s written` + (ms > 0 ? `, real books read + indexed ${fmt(chars / MB / (ms / 1000), 2)} MB text/s` : ''));
} finally {
  await browser.close();
  server.kill();
}
