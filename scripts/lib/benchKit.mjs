/**
 * What the bench scripts share: arguments, the production build, the preview server, Chromium,
 * memory and CPU of the processes a bench started, and the app's first-run and scan-report steps.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { closeSync, createReadStream, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PASSWORD = 'bench-password-1';
export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const CHROME_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
export const fmt = (n, d = 1) => Number(n).toFixed(d);
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];

/**
 * The production build in `dist`, built again whenever the code it was built from differs (the
 * commit and any uncommitted change): a stale build once measured old code under a new name.
 * `--rebuild` builds again regardless.
 */
export function ensureBuild(dist, { config = 'vite.config.ts', env = {} } = {}) {
  const git = (...a) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout ?? '';
  const source = `${ROOT}\n${git('rev-parse', 'HEAD').trim()}\n${git('status', '--porcelain', '--', 'src', 'tests/browser', 'index.html', 'vite.config.ts', 'public', 'package-lock.json')}`;
  const stamp = `${dist}/.built-from`;
  if (existsSync(`${dist}/index.html`) && existsSync(stamp) && readFileSync(stamp, 'utf8') === source && !process.argv.includes('--rebuild')) return;
  console.log(`(building ${config === 'vite.config.ts' ? 'the app' : config} into ${dist})`);
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', config, '--outDir', dist, '--emptyOutDir'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  writeFileSync(stamp, source);
}

/** `vite preview` of `dist` on a free loopback port: { base, server }. */
export async function startApp(dist) {
  const { freePort, startPreview } = await tsImport('../../tests/browser/globalSetup.ts', import.meta.url);
  const port = await freePort();
  const server = await startPreview(port, dist);
  return { base: `http://127.0.0.1:${port}`, server };
}

export const launchOptions = (extra = {}) => ({ executablePath: CHROME_PATH, headless: true, args: CHROME_ARGS, ...extra });

function processTree() {
  const parent = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  return parent;
}

/** Processes descending from `root` (this process by default) whose command line matches `match`. */
export function descendants(match = /chrom/i, root = process.pid) {
  const parent = processTree();
  const under = (pid) => {
    for (let p = parent.get(pid), i = 0; p && i < 50; p = parent.get(p), i++) if (p === root) return true;
    return false;
  };
  const pids = [];
  for (const pid of parent.keys()) {
    if (pid === process.pid || !under(pid)) continue;
    try {
      if (match.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) pids.push(pid);
    } catch {
      /* gone */
    }
  }
  return pids;
}

/**
 * PSS in bytes (proportional set size: shared pages split between the processes that map them,
 * so the browser binary is not counted once per process) of the given processes.
 */
export function pssBytes(pids) {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      /* gone or not readable */
    }
  }
  return kb * 1024;
}

/** PSS of every Chromium process this one started. */
export const chromiumPss = () => pssBytes(descendants(/chrom/i));

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

function cpuSeconds(pids) {
  const ticks = new Map();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, (Number(f[11]) + Number(f[12])) / CLK_TCK);
    } catch {
      /* gone */
    }
  }
  return ticks;
}

/**
 * Peak memory and CPU time of a set of processes (found again at each sample, so children that
 * start later count) until the returned stop() is called. On a machine shared with other work,
 * wall time says little, CPU time says what the work cost. Processes that exit are counted up to
 * their last sample.
 */
export function sampler(find = () => descendants(/chrom/i), everyMs = 250) {
  let peak = 0;
  let peakAt = 0;
  let peakBy = {};
  const t0 = performance.now();
  const start = cpuSeconds(find());
  const last = new Map(start);
  const typeOf = (pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'main';
      const sub = /--utility-sub-type=([\w.]+)/.exec(cmd)?.[1];
      return sub ? `${type}:${sub.split('.').pop()}` : type;
    } catch {
      return 'exited';
    }
  };
  let lastLog = 0;
  const tick = () => {
    const pids = find();
    const each = pids.map((pid) => [pid, pssBytes([pid])]);
    const total = each.reduce((n, [, b]) => n + b, 0);
    const t = performance.now() - t0;
    // Which processes make the peak, and when (BENCH_MEMLOG=1 also prints a line every 5 s).
    if (total > peak || (process.env.BENCH_MEMLOG && t - lastLog > 5000)) {
      const by = {};
      for (const [pid, b] of each) {
        const k = `${typeOf(pid)}#${pid}`;
        by[k] = Math.round(b / 2 ** 20);
      }
      if (total > peak) {
        peak = total;
        peakAt = t;
        peakBy = by;
      }
      if (process.env.BENCH_MEMLOG && t - lastLog > 5000) {
        lastLog = t;
        console.log(`    MEM ${(t / 1000).toFixed(1)} s: ${Math.round(total / 2 ** 20)} MB ${JSON.stringify(Object.fromEntries(Object.entries(by).filter(([, mb]) => mb >= 20)))}`);
      }
    }
    for (const [pid, s] of cpuSeconds(pids)) last.set(pid, s);
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return () => {
    clearInterval(timer);
    tick();
    let cpu = 0;
    const byType = {};
    for (const [pid, s] of last) {
      const d = s - (start.get(pid) ?? 0);
      cpu += d;
      let type = 'main';
      try {
        type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'main';
      } catch {
        type = 'exited';
      }
      byType[type] = (byType[type] ?? 0) + d;
    }
    if (process.env.BENCH_DEBUG) console.log('    CPU by process type (s):', JSON.stringify(Object.fromEntries(Object.entries(byType).map(([k, v]) => [k, Number(v.toFixed(2))]))));
    return { peakMb: peak / 2 ** 20, cpuSeconds: cpu, peakAtMs: peakAt, peakBy };
  };
}

/** The first sign-in as the seeded admin, with the forced password change. */
export async function firstRun(page, base) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill('admin@localhost');
  await page.getByLabel('Password', { exact: true }).fill('admin123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('New password').fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.waitForURL(/\/library/);
}

/** Sign-in as the admin of a catalogue made by a bench (password PASSWORD). */
export async function signIn(page, base) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill('admin@localhost');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/library/);
}

export const reportSeq = (page) => page.evaluate(() => Number(document.querySelector('[data-testid="scan-report"]')?.getAttribute('data-seq') ?? 0));

/** Waits for a scan report newer than `after`, and reads its figures. */
export async function waitForReport(page, after) {
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="scan-report"]')?.getAttribute('data-seq') ?? 0) > n, after, {
    timeout: 30 * 60_000,
    polling: 250,
  });
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="scan-report"]');
    return { durationMs: Number(el.dataset.durationMs), added: Number(el.dataset.added), listed: Number(el.dataset.listed), outcome: el.dataset.outcome };
  });
}

/** An init script: the folder picker returns the OPFS folder `folder`, and no observer starts scans on its own. */
export function pickOpfsFolder(folder, tuning = {}) {
  return [
    ({ folder, workers, lanes, covers, textIndex }) => {
      Object.defineProperty(window, 'showDirectoryPicker', {
        configurable: true,
        value: async () => (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true }),
      });
      // Scans only when asked: the observer would start one as soon as files are written.
      delete window.FileSystemObserver;
      if (workers) localStorage.setItem('alex.ingestWorkers', String(workers));
      if (lanes) localStorage.setItem('alex.ingestLanes', String(lanes));
      if (covers === false) localStorage.setItem('alex.ingestCovers', '0');
      // A/B: the full-text index paused (Admin → Library → Search inside books → Pause).
      if (textIndex === false) localStorage.setItem('alex-text-index-paused', '1');
    },
    { folder, ...tuning },
  ];
}

/** Prefix of the lines `npm run bench` (scripts/bench.mjs) gathers into its closing summary. */
export const SUMMARY_MARK = '» ';

/** Prints a headline figure; scripts/bench.mjs repeats these at the end of a run. */
export function summary(line) {
  console.log(`${SUMMARY_MARK}${line} (load ${loadAverage()})`);
}

/** One book file as the full-text benches read it: { name, bytes, hash, type }. */
export function bookFile(path, name = path.split('/').pop()) {
  const bytes = readFileSync(path);
  return { name, bytes, hash: createHash('sha256').update(bytes).digest('hex'), type: name.toLowerCase().endsWith('.pdf') ? 'pdf' : 'epub' };
}

/** The fixture books and the shared corpus's (where present), each once by content: { name, bytes, hash, type }. */
export function realBooks(dirs = [join(ROOT, 'tests/fixtures'), '/work/shared/corpus']) {
  const seen = new Set();
  const out = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!/\.(pdf|epub)$/i.test(name)) continue;
      const book = bookFile(join(dir, name), name);
      if (seen.has(book.hash)) continue;
      seen.add(book.hash);
      out.push(book);
    }
  }
  return out;
}

export const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

/** Bytes of a database's pages in use, and of the whole file (the user's disk: free pages included). */
export async function dbSizes(db) {
  const pages = await db.get('PRAGMA page_count');
  const free = await db.get('PRAGMA freelist_count');
  const size = await db.get('PRAGMA page_size');
  return { used: (pages.page_count - free.freelist_count) * size.page_size, file: pages.page_count * size.page_size };
}

function sha256File(path) {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

/**
 * A catalogue with the admin (password PASSWORD) and the books `list` ({ title, type, name, path })
 * in import mode, made by the real migrations and repository code; sets each book's id and size.
 */
export async function benchCatalogue(list) {
  const load = (p) => tsImport(join(ROOT, p), import.meta.url);
  const { openSqlJs } = await load('src/db/openSqlJs.ts');
  const { migrate } = await load('src/db/migrate.ts');
  const { loadMigrations } = await load('src/db/loadMigrations.ts');
  const { insertUser } = await load('src/db/queries/users.ts');
  const { insertBook } = await load('src/db/queries/books.ts');
  const { setSetting } = await load('src/db/queries/settings.ts');
  const { hashPassword } = await load('src/domain/passwords.ts');
  const db = await openSqlJs();
  await migrate(db, loadMigrations());
  await insertUser(db, { id: '1', email: 'admin@localhost', displayName: 'Administrator', role: 'admin', passwordHash: await hashPassword(PASSWORD, 4) });
  for (const b of list) {
    const row = await insertBook(db, {
      title: b.title,
      fileType: b.type,
      filePath: `Bench/${b.name}`,
      fileSize: statSync(b.path).size,
      fileHash: await sha256File(b.path),
    });
    b.id = row.id;
    b.size = row.fileSize;
  }
  await setSetting(db, 'local_mode', 'import');
  const bytes = Buffer.from(db.raw.export());
  await db.close();
  return bytes;
}

/**
 * A persistent Chromium profile (a new folder named from `name`) holding a benchCatalogue and
 * its books for the app at `base`: written once, then Chromium starts afresh, so what a bench
 * measures does not carry the copying. { context, profile } (remove the folder when done).
 */
export async function profileWithBooks(name, base, dbBytes, list) {
  const profile = mkdtempSync(join(tmpdir(), `${name}-`));
  const opts = launchOptions({ viewport: { width: 1280, height: 900 } });
  const setup = await chromium.launchPersistentContext(profile, opts);
  try {
    await installBooks(setup, base, dbBytes, list);
  } finally {
    await setup.close();
  }
  return { context: await chromium.launchPersistentContext(profile, opts), profile };
}

/** Writes a benchCatalogue's database and its books' files (OPFS imported/Bench/) into the browser context's origin `base`. */
async function installBooks(context, base, dbBytes, list) {
  await context.route(`${base}/__bench/**`, (route) =>
    route.request().url().endsWith('/db')
      ? route.fulfill({ body: dbBytes, contentType: 'application/octet-stream' })
      : route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }),
  );
  const setup = await context.newPage();
  await setup.goto(`${base}/__bench/page`);
  await setup.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const w = await (await root.getFileHandle('library.db', { create: true })).createWritable();
    await (await fetch('/__bench/db')).body.pipeTo(w);
  });
  // Book files go in 8 MB pieces (too big for one message).
  for (const b of list) {
    await setup.evaluate(async (name) => {
      const dir = await (await (await navigator.storage.getDirectory()).getDirectoryHandle('imported', { create: true })).getDirectoryHandle('Bench', { create: true });
      window.__w = await (await dir.getFileHandle(name, { create: true })).createWritable();
    }, b.name);
    const fd = openSync(b.path, 'r');
    const buf = Buffer.alloc(8 * 1024 * 1024);
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) {
      await setup.evaluate((b64) => window.__w.write(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))), buf.subarray(0, n).toString('base64'));
    }
    closeSync(fd);
    await setup.evaluate(() => window.__w.close());
  }
  await setup.close();
  await context.unroute(`${base}/__bench/**`);
}
