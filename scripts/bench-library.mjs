#!/usr/bin/env node
/**
 * Library figures at 10,000 and 100,000 generated books, in headless Chromium against the
 * production build, on the OPFS database (prints figures; asserts nothing):
 *
 *  - worker calls as the page makes them (comlink round trip and the Web Lock included), median
 *    of repeated runs: the first library page with its count, the next page, a page deep down,
 *    searches (a word prefix, two words, one letter), each sort, the filters, Now Reading;
 *  - navigation to /library → first grid card painted (median of reloads).
 *
 * The catalogue is made in Node by the real migrations and repository code (insertBook, so the
 * search index is written as ingestion writes it) and cached in the system temp folder.
 *
 *   node scripts/bench-library.mjs [--sizes 10000,100000] [--runs 15] [--rebuild]
 */
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { chromium } from 'playwright-core';
import { ensureBuild } from './lib/benchKit.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = process.env.LIBRARY_BENCH_DIST ?? join(tmpdir(), 'alex-bench-library-dist');
const CACHE = join(tmpdir(), 'alex-bench-library');
const PASSWORD = 'bench-password-1';
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const SIZES = arg('--sizes', '10000,100000').split(',').map(Number);
const RUNS = Number(arg('--runs', '15'));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The generated catalogue for n books (cached per migration set). */
async function catalogue(n) {
  const { loadMigrations } = await tsImport('../src/db/loadMigrations.ts', import.meta.url);
  const migrations = loadMigrations();
  const key = migrations.map((m) => m.name).join('+').length + '-' + migrations.map((m) => m.sql.length).reduce((a, b) => a + b, 0);
  const file = join(CACHE, `library-${n}-${key}.db`);
  if (existsSync(file) && !process.argv.includes('--rebuild')) return readFileSync(file);
  console.log(`(generating ${n.toLocaleString('en')} books, once)`);
  const { openSqlJs } = await tsImport('../src/db/openSqlJs.ts', import.meta.url);
  const { migrate } = await tsImport('../src/db/migrate.ts', import.meta.url);
  const { insertUser } = await tsImport('../src/db/queries/users.ts', import.meta.url);
  const { hashPassword } = await tsImport('../src/domain/passwords.ts', import.meta.url);
  const { generateLibrary } = await tsImport('./lib/generateLibrary.ts', import.meta.url);
  const db = await openSqlJs();
  await migrate(db, migrations);
  await insertUser(db, { id: '1', email: 'admin@localhost', displayName: 'Administrator', role: 'admin', passwordHash: await hashPassword(PASSWORD, 4) });
  const t = performance.now();
  await generateLibrary(db, n, { userId: '1' });
  console.log(`(generated in ${((performance.now() - t) / 1000).toFixed(1)} s with sql.js)`);
  const bytes = Buffer.from(db.raw.export());
  await db.close();
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(file, bytes);
  return bytes;
}

/** The queries the grid and shelves make, with the arguments the page passes. */
const QUERIES = (n, cursors) => {
  const q = (over = {}) => ({ q: '', format: 'all', status: 'all', sort: 'added', ...over });
  return [
    ['first library page + count', 'listBooks', [q(), { offset: 0, limit: 60, count: true }]],
    ['next page', 'listBooks', [q(), { offset: 60, limit: 60 }]],
    ['page in the middle (offset n/2)', 'listBooks', [q(), { offset: Math.floor(n / 2), limit: 60 }]],
    ['last page', 'listBooks', [q(), { offset: n - 300, limit: 60 }]],
    ['page after the middle one, by cursor (scrolling on)', 'listBooks', [q(), { offset: Math.floor(n / 2) + 60, limit: 60, after: cursors.middle }]],
    ['page after the last but one, by cursor', 'listBooks', [q(), { offset: n - 240, limit: 60, after: cursors.last }]],
    ['Now Reading', 'nowReading', []],
    ['search "hist" + count', 'listBooks', [q({ q: 'hist' }), { offset: 0, limit: 60, count: true }]],
    ['search "émile dupont" + count', 'listBooks', [q({ q: 'émile dupont' }), { offset: 0, limit: 60, count: true }]],
    ['search "kalomi" (rare) + count', 'listBooks', [q({ q: 'kalomi' }), { offset: 0, limit: 60, count: true }]],
    ['search "a" (one letter) + count', 'listBooks', [q({ q: 'a' }), { offset: 0, limit: 60, count: true }]],
    ['search "a", next page', 'listBooks', [q({ q: 'a' }), { offset: 60, limit: 60 }]],
    ['sort title + count', 'listBooks', [q({ sort: 'title' }), { offset: 0, limit: 60, count: true }]],
    ['sort author + count', 'listBooks', [q({ sort: 'author' }), { offset: 0, limit: 60, count: true }]],
    ['sort recently read + count', 'listBooks', [q({ sort: 'read' }), { offset: 0, limit: 60, count: true }]],
    ['format EPUB + count', 'listBooks', [q({ format: 'epub' }), { offset: 0, limit: 60, count: true }]],
    ['status completed + count', 'listBooks', [q({ status: 'completed' }), { offset: 0, limit: 60, count: true }]],
    ['status not started + count', 'listBooks', [q({ status: 'not_started' }), { offset: 0, limit: 60, count: true }]],
    ['search "hist" + EPUB, by title', 'listBooks', [q({ q: 'hist', format: 'epub', sort: 'title' }), { offset: 0, limit: 60, count: true }]],
  ];
};

async function benchSize(browser, base, n) {
  const bytes = await catalogue(n);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route(`${base}/__bench/**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }));
  const page = await context.newPage();
  await page.goto(`${base}/__bench/page`);
  // In 4 MB pieces: one 90 MB message through the DevTools protocol is too much for it.
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    window.__w = await (await root.getFileHandle('library.db', { create: true })).createWritable();
  });
  for (let i = 0; i < bytes.length; i += 4 << 20) {
    await page.evaluate(async (b64) => {
      await window.__w.write(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    }, bytes.subarray(i, i + (4 << 20)).toString('base64'));
  }
  await page.evaluate(() => window.__w.close());
  // Record when the first book card of the grid is in the DOM (painted on the next frame), and
  // every call the page makes to the database worker (name, start, end) for the breakdown.
  await context.addInitScript(() => {
    window.__calls = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (msg, ...rest) {
      if (msg && msg.type === 'APPLY') {
        const rec = { name: msg.path.join('.'), start: performance.now(), end: null };
        window.__calls.push(rec);
        const done = (e) => {
          if (e.data?.id !== msg.id) return;
          rec.end = performance.now();
          this.removeEventListener('message', done);
        };
        this.addEventListener('message', done);
      }
      return post.call(this, msg, ...rest);
    };
    const mo = new MutationObserver(() => {
      if (document.querySelector('.book-grid .book-card')) {
        mo.disconnect();
        requestAnimationFrame(() => (window.__firstGrid = performance.now()));
      }
    });
    mo.observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill('admin@localhost');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/library/);
  await page.waitForFunction(() => window.__firstGrid, null, { timeout: 600_000 });

  // Navigation → first grid painted, signed in; and the worker calls made meanwhile.
  const nav = [];
  const calls = {};
  const inside = {};
  for (let i = 0; i < 5; i++) {
    await page.goto(`${base}/library`);
    nav.push(await page.waitForFunction(() => window.__firstGrid, null, { timeout: 600_000 }).then((h) => h.jsonValue()));
    for (const c of await page.evaluate(() => window.__calls.filter((c) => c.start < window.__firstGrid))) {
      (calls[c.name] ??= []).push((c.end ?? nav.at(-1)) - c.start);
    }
    // The same calls inside the database worker (startDatabase marks each), and its start.
    for (const w of page.workers().filter((w) => /\/assets\/worker-[^/]+\.js$/.test(w.url()))) {
      const m = await w.evaluate(() => performance.getEntriesByType('measure').map((e) => [e.name, e.duration, e.startTime])).catch(() => []);
      for (const [name, d] of m) (inside[name.replace('alex-db:', '')] ??= []).push(d);
    }
  }

  // The app's own worker script, driven over comlink from a page of the same origin without the
  // app (so its connection is the only one: OPFS access handles are not handed back and forth).
  const token = (await context.cookies()).find((c) => c.name === 'alex_session').value;
  const workerUrl = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).find((u) => /\/assets\/worker-[^/]+\.js$/.test(u)));
  await page.goto(`${base}/__bench/page`);
  await page.evaluate(
    async ({ workerUrl, token }) => {
      const w = new Worker(workerUrl, { type: 'module', name: 'bench' });
      const pending = new Map();
      let seq = 0;
      w.onmessage = (e) => pending.get(e.data.id)?.(e.data);
      window.__call = (name, args) =>
        new Promise((resolve, reject) => {
          const id = `bench-${seq++}`;
          pending.set(id, (d) => (d.type === 'HANDLER' ? reject(new Error(JSON.stringify(d.value))) : resolve(d.value)));
          w.postMessage({ id, type: 'APPLY', path: [name], argumentList: [token, ...args].map((value) => ({ type: 'RAW', value })) });
        });
      await window.__call('nowReading', []); // opens the database in this worker
    },
    { workerUrl, token },
  );
  // Ours is the one named "bench" (the app's may still be listed while it winds down).
  let worker;
  for (const w of page.workers().filter((w) => w.url() === workerUrl)) if (await w.evaluate(() => self.name === 'bench').catch(() => false)) worker = w;
  // Cursors as the grid gets them from the page before.
  const cursors = await page.evaluate(async (n) => {
    const q = { q: '', format: 'all', status: 'all', sort: 'added' };
    const middle = await window.__call('listBooks', [q, { offset: Math.floor(n / 2), limit: 60 }]);
    const last = await window.__call('listBooks', [q, { offset: n - 300, limit: 60 }]);
    return { middle: middle.next, last: last.next };
  }, n);
  const results = [];
  for (const [label, name, args] of QUERIES(n, cursors)) {
    const r = await page.evaluate(
      async ({ name, args, runs }) => {
        const times = [];
        let last;
        for (let i = 0; i < runs + 2; i++) {
          const t = performance.now();
          last = await window.__call(name, args);
          if (i >= 2) times.push(performance.now() - t);
        }
        return { times, rows: Array.isArray(last) ? last.length : last.books.length, total: last.total };
      },
      { name, args, runs: RUNS },
    );
    // The same calls timed inside the worker (startDatabase marks each): SQLite alone.
    const inner = await worker.evaluate(
      (name) => {
        const d = performance.getEntriesByType('measure').filter((m) => m.name === `alex-db:${name}`).map((m) => m.duration);
        performance.clearMeasures();
        return d;
      },
      name,
    );
    results.push({ label, ...r, inner: inner.slice(2) });
  }
  await context.close();
  return { nav, results, calls, inside };
}

ensureBuild(DIST);
const { freePort, startPreview } = await tsImport('../tests/browser/globalSetup.ts', import.meta.url);
const port = await freePort();
const server = await startPreview(port, DIST);
const base = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  console.log(`Library at ${SIZES.map((s) => s.toLocaleString('en')).join(' and ')} books — headless Chromium, OPFS, ${cpus().length} cores; median of ${RUNS} runs, ms`);
  const all = [];
  for (const n of SIZES) all.push([n, await benchSize(browser, base, n)]);
  const labels = all[0][1].results.map((r) => r.label);
  const head = ['query (ms: call from the page / SQLite in the worker)', ...SIZES.map((n) => `${n.toLocaleString('en')} books`)];
  const rows = labels.map((label, i) => [
    label,
    ...all.map(([, r]) => {
      const x = r.results[i];
      return `${median(x.times).toFixed(1)} / ${median(x.inner).toFixed(1)}${x.total != null ? ` (${x.total.toLocaleString('en')})` : ''}`;
    }),
  ]);
  rows.push(['navigation → first grid painted', ...all.map(([, r]) => median(r.nav).toFixed(0))]);
  const names = [...new Set(all.flatMap(([, r]) => Object.keys(r.calls)))];
  const fmtCall = (r, name) => (r.calls[name] ? `${median(r.calls[name]).toFixed(0)} / ${r.inside[name] ? median(r.inside[name]).toFixed(0) : '—'}` : '—');
  for (const name of names) rows.push([`  worker call ${name} during that load (wait included / inside)`, ...all.map(([, r]) => fmtCall(r, name))]);
  rows.push(['  database worker start (open, migrate, seed)', ...all.map(([, r]) => (r.inside.start ? median(r.inside.start).toFixed(0) : '—'))]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r) => '| ' + r.map((v, c) => v.padEnd(widths[c])).join(' | ') + ' |';
  console.log(`(load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end: other work on the machine inflates every figure)`);
  console.log(line(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
  console.log('(in brackets: the total the query counted; worker calls overlap and wait for one another under the lock)');
} finally {
  await browser.close();
  server.kill();
}
