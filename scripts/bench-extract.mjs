#!/usr/bin/env node
/**
 * Per-file ingestion figures (prints figures; asserts nothing):
 *  - extractBook per book, in Node (metadata only: Node has no OffscreenCanvas) and in
 *    Chromium inside module workers built by Vite (metadata + ~300 px cover, plus hashing),
 *    one worker and a pool of two;
 *  - hashFile throughput on a 512 MB generated file, in Node and in Chromium (a disk-backed
 *    File, as from a picked folder), next to `sha256sum` on the same file.
 *
 *   node scripts/bench-extract.mjs [--rounds 10] [--hash-mb 512] [--no-browser] [--no-hash] [--no-node]
 *
 * Wall times on a shared machine mostly measure the neighbours, so CPU time is reported too
 * (Chromium: all of its processes, from /proc): "books/s on 2 idle cores" = 2000 / CPU ms per book.
 *
 * Each part is an exported function (benchExtractNode, benchExtractBrowser, benchHash) so the
 * whole-pipeline bench can reuse them. Run the Chromium parts first: benchExtractNode loads
 * pdf.js' legacy build, whose core-js polyfills break Playwright's connection in the same process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, writeSync, closeSync, statSync, openAsBlob, rmSync, readdirSync, readFileSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import { cpus } from 'node:os';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = ['R-intro.pdf', 'amsldoc.pdf', 'TeXoutline.pdf', 'live-manual.en.epub', 'developers-reference.epub'];
const GENERATED = ['gen-pdf', 'gen-pdf-scan', 'epub3-cover', 'epub2-jpeg-cover'];
const HARNESS_DIST = process.env.EXTRACT_DIST ?? '/tmp/alex/extract-dist';

/**
 * CPU seconds used so far by a process and all its descendants (Linux /proc). Wall time on a
 * shared 2-core machine mostly measures the neighbours; CPU time measures us.
 */
export function cpuSecondsOfTree(rootPid) {
  if (!rootPid || !existsSync('/proc/self/stat')) return null;
  const tick = 100; // USER_HZ: 100 on every Linux we run on (getconf CLK_TCK)
  const stats = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / tick });
    } catch {
      /* the process ended while we looked */
    }
  }
  let total = 0;
  const stack = [rootPid];
  const seen = new Set();
  while (stack.length) {
    const pid = stack.pop();
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += stats.get(pid)?.cpu ?? 0;
    for (const [child, s] of stats) if (s.ppid === pid) stack.push(child);
  }
  return total;
}

/** The pid of the process whose command line contains `needle` (the oldest, i.e. the root). */
function findPid(needle) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return pids.length ? Math.min(...pids) : null;
}

/** User + system CPU seconds of a command run to completion (bash's `time`). */
function timedCommand(cmd, args) {
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%U %S"; time "$@" >/tmp/alex/timed.out', 'timed', cmd, ...args], { encoding: 'utf8' });
  const [user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { status: r.status, stdout: existsSync('/tmp/alex/timed.out') ? readFileSync('/tmp/alex/timed.out', 'utf8') : '', cpuSeconds: user + sys };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, d = 1) => n.toFixed(d);

/** Median extractBook time per fixture in Node (warm), covers off (Node cannot draw them). */
export async function benchExtractNode({ rounds = 10 } = {}) {
  const { extractBook } = await tsImport('../src/ingest/extract/index.ts', import.meta.url);
  const out = {};
  for (const name of FIXTURES) {
    const file = await openAsBlob(`${ROOT}tests/fixtures/${name}`);
    await extractBook(file, name); // warm-up: module loading, JIT
    const times = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      await extractBook(file, name);
      times.push(performance.now() - t0);
    }
    const cpu = process.cpuUsage(cpu0);
    out[name] = { bytes: file.size, medianMs: median(times), cpuMs: (cpu.user + cpu.system) / 1000 / rounds };
  }
  return out;
}

/** Builds the Chromium harness (tests/browser/extract.vite.config.ts) when it is not there yet. */
function ensureHarness() {
  if (existsSync(`${HARNESS_DIST}/index.html`) && !process.argv.includes('--rebuild')) return;
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'tests/browser/extract.vite.config.ts'], {
    cwd: ROOT,
    env: { ...process.env, EXTRACT_DIST: HARNESS_DIST },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`harness build failed: ${r.stderr}`);
}

/** Opens the harness in headless Chromium; returns { page, close }. */
export async function openHarness() {
  ensureHarness();
  const { freePort, startPreview } = await tsImport('../tests/browser/globalSetup.ts', import.meta.url);
  // Same switches as tests/browser/browser.ts (not imported: it pulls in vitest).
  const CHROME_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const chromePath = () => process.env.CHROME_PATH ?? '/usr/bin/chromium';
  const { chromium } = await import('playwright-core');
  const port = await freePort();
  const server = await startPreview(port, HARNESS_DIST);
  // An inert switch that lets us find this Chromium's process tree in /proc for CPU accounting.
  const marker = `--alex-bench=${process.pid}-${Date.now()}`;
  const browser = await chromium.launch({ executablePath: chromePath(), headless: true, args: [...CHROME_ARGS, marker] });
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error('  [harness]', m.text()));
  await page.goto(`http://127.0.0.1:${port}/${process.env.BENCH_TRACE ? '?trace' : ''}`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  return {
    page,
    browserPid: findPid(marker),
    close: async () => {
      await browser.close();
      server.kill();
    },
  };
}

/**
 * Books per second through a pool of ingest workers in Chromium: hash + extract + cover per
 * book, the per-file work of a scan (no database writes, no OPFS cover writes).
 */
export async function benchExtractBrowser({ rounds = 10, page } = {}) {
  const own = page ? null : await openHarness();
  const p = page ?? own.page;
  const pid = own?.browserPid ?? null;
  try {
    // Adds the CPU seconds Chromium spent (all its processes) per book to each run's figures.
    const run = async (opts) => {
      const before = cpuSecondsOfTree(pid);
      const r = await p.evaluate((o) => window.harness.bench(o), opts);
      const after = cpuSecondsOfTree(pid);
      // The warm-up pass (each worker sees each file once) is inside the CPU window: count it.
      const warmBooks = (opts.workers ?? 2) * (r.books / (opts.rounds ?? 10));
      // Includes Chromium's own background CPU (~0.1 core while idle here): an upper bound.
      if (before !== null && after !== null) r.cpuMsPerBook = ((after - before) * 1000) / (r.books + warmBooks);
      return r;
    };
    return {
      oneWorker: await run({ rounds, workers: 1 }),
      twoWorkers: await run({ rounds, workers: 2 }),
      twoWorkersNoCovers: await run({ rounds, workers: 2, covers: false }),
      twoWorkersNestedPdfWorker: await run({ rounds, workers: 2, variant: 'nested' }),
      // Generated books: a 12-page PDF in a standard font, a scanned 40-page PDF (one A4 JPEG a
      // page), EPUBs with a PNG and a JPEG cover.
      generatedTwoWorkers: await run({ names: GENERATED, rounds, workers: 2 }),
    };
  } finally {
    await own?.close();
  }
}

function makeBigFile(path, mb) {
  if (existsSync(path) && statSync(path).size === mb * 1024 * 1024) return;
  const block = randomFillSync(Buffer.alloc(1024 * 1024));
  const fd = openSync(path, 'w');
  for (let i = 0; i < mb; i++) writeSync(fd, block);
  closeSync(fd);
}

/** hashFile MB/s on a generated file (Node, and Chromium via a disk-backed File), next to sha256sum. */
export async function benchHash({ mb = 512, page, keep = false } = {}) {
  const path = `/tmp/alex/extract-bench-hash-${mb}mb.bin`; // our own name: /tmp/alex is shared
  makeBigFile(path, mb);
  const bytes = mb * 1024 * 1024;
  // Warm the page cache so every contender reads from memory, not disk.
  spawnSync('cat', [path], { stdio: ['ignore', 'ignore', 'ignore'] });
  const result = { mb, bytes };

  const mbps = (seconds) => bytes / 1e6 / seconds;
  const t1 = performance.now();
  const native = timedCommand('sha256sum', [path]);
  const nativeMs = performance.now() - t1;
  if (native.status === 0) result.sha256sum = { mbPerSecond: mbps(nativeMs / 1000), mbPerCpuSecond: mbps(native.cpuSeconds), digest: native.stdout.split(' ')[0] };

  const { hashFile } = await tsImport('../src/ingest/hash.ts', import.meta.url);
  const c2 = process.cpuUsage();
  const t2 = performance.now();
  const digest = await hashFile(await openAsBlob(path));
  const nodeMs = performance.now() - t2;
  const cpu2 = process.cpuUsage(c2);
  result.node = { mbPerSecond: mbps(nodeMs / 1000), mbPerCpuSecond: mbps((cpu2.user + cpu2.system) / 1e6), digest };

  const own = page || process.argv.includes('--no-browser') ? null : await openHarness();
  const p = page ?? own?.page;
  if (p) {
    try {
      await p.setInputFiles('#pick', path);
      const before = cpuSecondsOfTree(own?.browserPid);
      const r = await p.evaluate(() => window.harness.hashPicked(document.getElementById('pick')));
      const after = cpuSecondsOfTree(own?.browserPid);
      result.chromium = { mbPerSecond: r.mbPerSecond, mbPerCpuSecond: before !== null && after !== null ? mbps(after - before) : null, digest: r.digest };
    } finally {
      await own?.close();
    }
  }
  if (!keep) rmSync(path, { force: true });
  return result;
}

async function main() {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const rounds = arg('--rounds', 10);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Machine: ${cpus().length} cores, ${cpu}, Node ${process.version}`);

  if (!process.argv.includes('--no-browser')) {
    console.log('\nChromium, module workers: hash + extractBook + cover per book (the 5 real fixtures ×', rounds, 'rounds, unless said):');
    const b = await benchExtractBrowser({ rounds });
    const line = (label, r) =>
      console.log(
        `  ${label.padEnd(40)} ${fmt(r.booksPerSecond).padStart(6)} books/s wall (${r.books} in ${fmt(r.wallMs / 1000, 2)} s)` +
          (r.cpuMsPerBook ? `; ${fmt(r.cpuMsPerBook, 0).padStart(5)} ms CPU/book → ${fmt(2000 / r.cpuMsPerBook).padStart(5)} books/s on 2 idle cores` : ''),
      );
    line('1 worker', b.oneWorker);
    line('2 workers (pool)', b.twoWorkers);
    line('2 workers, covers off', b.twoWorkersNoCovers);
    line('2 workers, pdf.js in a nested worker', b.twoWorkersNestedPdfWorker);
    line(`2 workers, generated (${GENERATED.length} kinds)`, b.generatedTwoWorkers);
    console.log('  median per book, 1 worker (ms):');
    for (const [name, ms] of Object.entries(b.oneWorker.medianMs)) console.log(`    ${name.padEnd(28)} ${fmt(ms).padStart(7)}`);
    console.log('  median per book, generated, 2 workers (ms):');
    for (const [name, ms] of Object.entries(b.generatedTwoWorkers.medianMs)) console.log(`    ${name.padEnd(28)} ${fmt(ms).padStart(7)}`);
  }

  if (!process.argv.includes('--no-hash')) {
    const mb = arg('--hash-mb', 512);
    console.log(`\nSHA-256 of a ${mb} MB file (page cache warm):`);
    const h = await benchHash({ mb });
    const row = (label, r) =>
      console.log(`  ${label.padEnd(28)} ${fmt(r.mbPerSecond, 0).padStart(5)} MB/s wall` + (r.mbPerCpuSecond ? `, ${fmt(r.mbPerCpuSecond, 0).padStart(5)} MB per CPU second` : ''));
    if (h.sha256sum) row('sha256sum', h.sha256sum);
    row('hashFile, Node', h.node);
    if (h.chromium) row('hashFile, Chromium worker', h.chromium);
    const digests = new Set([h.sha256sum?.digest, h.node.digest, h.chromium?.digest].filter(Boolean));
    console.log(`  digests agree: ${digests.size === 1 ? 'yes' : 'NO'}`);
  }

  if (process.argv.includes('--no-node')) return;
  console.log('\nextractBook in Node (metadata only; legacy pdf.js build), median of', rounds, 'warm runs:');
  const node = await benchExtractNode({ rounds });
  for (const [name, r] of Object.entries(node)) {
    console.log(`  ${name.padEnd(28)} ${String(Math.round(r.bytes / 1024)).padStart(5)} KB  ${fmt(r.medianMs).padStart(7)} ms wall  ${fmt(r.cpuMs).padStart(7)} ms CPU`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
