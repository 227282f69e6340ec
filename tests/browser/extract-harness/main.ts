// The harness page: builds the test books (real fixtures fetched, edge cases generated with the
// same generators as the Node tests), sends each to a module worker running extractBook, and
// shows the covers. Driven from tests/browser/extract.test.ts and scripts/bench-extract.mjs
// through window.harness.
import { makeEpub, makePng, zipBombDeclared, zipBombLyingOpf, makeOpfText, zipWithEntries } from '../../unit/fixtures/epubs';
import { makePdf, pdfString } from '../../unit/fixtures/pdfs';
import type { Job } from './worker';

export interface CoverInfo {
  type: string;
  bytes: number;
  width: number;
  height: number;
  /** Mean colour, 0–255 per channel. */
  mean: [number, number, number];
  /** Share of pixels that are clearly not white (drawn content). */
  inked: number;
}

export interface CaseResult {
  name: string;
  fileName: string;
  ok: boolean;
  fileType?: string;
  metadata?: { title: string; author: string | null; description: string | null; pageCount: number | null };
  cover?: CoverInfo | null;
  error?: { name: string; reason: string | null; message: string; isIngestError: boolean };
  digest?: string | null;
  hasDocument?: boolean;
  ms: number;
}

const REAL = ['R-intro.pdf', 'amsldoc.pdf', 'TeXoutline.pdf', 'live-manual.en.epub', 'developers-reference.epub'];

async function jpeg(width: number, height: number, label: string): Promise<Uint8Array> {
  const c = new OffscreenCanvas(width, height);
  const ctx = c.getContext('2d')!;
  const g = ctx.createLinearGradient(0, 0, 0, height);
  g.addColorStop(0, '#1d6b52');
  g.addColorStop(1, '#0b2a20');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#f5e6b0';
  ctx.font = `bold ${Math.round(width / 8)}px sans-serif`;
  ctx.fillText(label, width * 0.1, height * 0.4);
  return new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
}

const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="900"><rect width="600" height="900" fill="red"/></svg>');

/** Every case by name: [file name, bytes]. */
type Bytes = Uint8Array | ArrayBuffer | Blob | string;
const CASES: Record<string, () => Promise<[string, Bytes]>> = {
  ...Object.fromEntries(REAL.map((f) => [f, async () => [f, await (await fetch(`/${f}`)).blob()] as [string, Bytes]])),
  'gen-pdf': async () => ['generated.pdf', makePdf({ info: { Title: pdfString('A Generated PDF'), Author: pdfString('Harness') }, pages: 12, label: 'PDF cover' })],
  // A scanned book's page: an A4 JPEG at 300 dpi filling the page.
  'gen-pdf-scan': async () => ['scan.pdf', makePdf({ pages: 40, scan: { jpeg: await jpeg(2480, 3508, 'Scanned'), width: 2480, height: 3508 } })],
  'gen-pdf-landscape': async () => ['landscape.pdf', makePdf({ width: 842, height: 595, label: 'Landscape' })],
  'gen-pdf-tall': async () => ['tall.pdf', makePdf({ width: 200, height: 2000, label: 'Tall' })],
  'epub3-cover': async () => ['epub3.epub', makeEpub({ version: 3, title: 'EPUB 3 cover-image', cover: 'epub3', coverImage: { bytes: makePng(600, 900, [40, 90, 200]), mediaType: 'image/png', name: 'images/cover.png' } })],
  'epub2-jpeg-cover': async () => [
    'epub2.epub',
    makeEpub({ version: 2, title: 'EPUB 2 meta cover', cover: 'epub2', coverImage: { bytes: await jpeg(800, 1200, 'EPUB 2'), mediaType: 'image/jpeg', name: 'images/cover.jpg' } }),
  ],
  'epub-first-page-image': async () => ['firstpage.epub', makeEpub({ title: 'First page image', cover: 'first-page', coverImage: { bytes: makePng(450, 700, [200, 40, 120]), mediaType: 'image/png', name: 'images/front.png' } })],
  'epub-svg-cover': async () => ['svg.epub', makeEpub({ title: 'SVG cover', cover: 'epub3', coverImage: { bytes: svg, mediaType: 'image/svg+xml', name: 'images/cover.svg' } })],
  'epub-script': async () => [
    'script.epub',
    makeEpub({ title: '<b>Bold</b> title', descriptionXml: '&lt;script&gt;self.pwned=1&lt;/script&gt;Plain.', firstPageBody: '<script>self.pwned = 1</script>', cover: 'none' }),
  ],
  'bad-empty': async () => ['empty.pdf', new Uint8Array(0)],
  'bad-text-as-pdf': async () => ['notes.pdf', 'just text, renamed'],
  'bad-text-as-epub': async () => ['notes.epub', 'just text, renamed'],
  'bad-encrypted': async () => ['secret.pdf', makePdf({ passwordProtected: true })],
  'bad-truncated': async () => {
    const b = await (await fetch('/R-intro.pdf')).arrayBuffer();
    return ['R-intro-cut.pdf', b.slice(0, Math.floor(b.byteLength * 0.6))];
  },
  'bad-no-opf': async () => ['noopf.epub', makeEpub({ container: null, opf: undefined, opfPath: 'OEBPS/content.xml' })],
  'bad-bomb': async () => ['bomb.epub', zipBombDeclared()],
  'bad-lying-bomb': async () => ['lying.epub', zipBombLyingOpf()],
  'bad-huge-xml': async () => ['huge.epub', makeEpub({ opf: makeOpfText('Big', `<dc:description>${'x'.repeat(6 * 1024 * 1024)}</dc:description>`) })],
  'bad-deep-xml': async () => ['deep.epub', makeEpub({ opf: makeOpfText('Deep', '<a>'.repeat(5000) + '</a>'.repeat(5000)) })],
  'bad-many-entries': async () => ['many.epub', zipWithEntries(20_001)],
};

const stray: unknown[] = [];
const pending = new Map<Worker, Set<(e: Error) => void>>();
let nextId = 1;

function spawn(variant: 'inline' | 'nested' = 'inline'): Worker {
  const w =
    variant === 'nested'
      ? new Worker(new URL('./nestedWorker.ts', import.meta.url), { type: 'module', name: location.search })
      : new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: location.search });
  // Anything without our id would be noise from a library (pdf.js' "ready" message).
  w.addEventListener('message', (e) => (e.data?.id === undefined ? stray.push(e.data) : undefined));
  // A worker that dies (out of memory, a load error) would leave its caller waiting forever.
  w.addEventListener('error', (e) => {
    console.error('worker error', e.message);
    for (const fail of pending.get(w) ?? []) fail(new Error(`worker died: ${e.message}`));
  });
  return w;
}

function call(w: Worker, job: Omit<Job, 'id'>): Promise<{ ok: boolean; result?: any; error?: any; ms: number; digest?: string | null; hasDocument?: boolean }> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const fails = pending.get(w) ?? new Set<(e: Error) => void>();
    pending.set(w, fails);
    const fail = (e: Error) => {
      fails.delete(fail);
      reject(e);
    };
    fails.add(fail);
    // Nothing here should take a minute: report a job that does instead of waiting forever.
    const timer = setTimeout(() => {
      console.error(`job ${id} (${job.file.name}) did not finish in 60 s`);
      fail(new Error(`timeout: ${job.file.name}`));
    }, 60_000);
    const on = (e: MessageEvent) => {
      if (e.data?.id !== id) return;
      clearTimeout(timer);
      w.removeEventListener('message', on);
      fails.delete(fail);
      resolve(e.data);
    };
    w.addEventListener('message', on);
    w.postMessage({ ...job, id });
  });
}

async function describeCover(blob: Blob): Promise<CoverInfo> {
  const bmp = await createImageBitmap(blob);
  const c = new OffscreenCanvas(bmp.width, bmp.height);
  const ctx = c.getContext('2d')!;
  ctx.drawImage(bmp, 0, 0);
  const { data } = ctx.getImageData(0, 0, bmp.width, bmp.height);
  let r = 0, g = 0, b = 0, inked = 0;
  const n = data.length / 4;
  for (let i = 0; i < data.length; i += 4) {
    r += data[i]!;
    g += data[i + 1]!;
    b += data[i + 2]!;
    if (data[i]! + data[i + 1]! + data[i + 2]! < 600) inked++;
  }
  const info: CoverInfo = { type: blob.type, bytes: blob.size, width: bmp.width, height: bmp.height, mean: [r / n, g / n, b / n].map(Math.round) as [number, number, number], inked: inked / n };
  bmp.close();
  return info;
}

let worker: Worker | undefined;

function show(name: string, r: CaseResult, cover: Blob | null) {
  const fig = document.createElement('figure');
  if (cover) {
    const img = document.createElement('img');
    img.src = URL.createObjectURL(cover);
    fig.append(img);
  }
  const cap = document.createElement('figcaption');
  cap.textContent = r.ok
    ? `${name}: “${r.metadata!.title}” — ${r.metadata!.author ?? 'no author'}${r.metadata!.pageCount ? `, ${r.metadata!.pageCount} p.` : ''}${r.cover ? ` [${r.cover.width}×${r.cover.height} ${r.cover.type}]` : ' [no cover]'}`
    : `${name}: ${r.error!.reason} (${r.error!.message})`;
  if (!r.ok) cap.className = 'bad';
  fig.append(cap);
  document.getElementById('covers')!.append(fig);
}

async function run(names: string[] = Object.keys(CASES), variant: 'inline' | 'nested' = 'inline'): Promise<CaseResult[]> {
  worker ??= spawn(variant);
  const results: CaseResult[] = [];
  for (const name of names) {
    document.getElementById('status')!.textContent = `running ${name}`;
    const [fileName, bytes] = await CASES[name]!();
    const file = new File([bytes as BlobPart], fileName);
    const res = await call(worker, { file, hash: true });
    const cover: Blob | null = res.ok ? res.result.cover : null;
    const r: CaseResult = {
      name,
      fileName,
      ok: res.ok,
      ms: res.ms,
      digest: res.digest,
      hasDocument: res.hasDocument,
      ...(res.ok ? { fileType: res.result.fileType, metadata: res.result.metadata, cover: cover ? await describeCover(cover) : null } : { error: res.error }),
    };
    results.push(r);
    show(name, r, cover);
  }
  document.getElementById('status')!.textContent = 'done';
  return results;
}

/** Books per second through a pool of `workers` ingest workers (hash + extract + cover), like a scan. */
async function bench(opts: { names?: string[]; rounds?: number; workers?: number; covers?: boolean; variant?: 'inline' | 'nested' } = {}) {
  const names = opts.names ?? REAL;
  const rounds = opts.rounds ?? 5;
  const pool = Array.from({ length: opts.workers ?? 2 }, () => spawn(opts.variant));
  const files = await Promise.all(names.map(async (n) => {
    const [fileName, bytes] = await CASES[n]!();
    return new File([bytes as BlobPart], fileName);
  }));
  // Warm up each worker (module loading, pdf.js and WASM compilation) outside the timing.
  await Promise.all(pool.map((w) => Promise.all(files.map((file) => call(w, { file, hash: true, covers: opts.covers })))));
  const perFile: Record<string, number[]> = {};
  const hashPart: Record<string, number[]> = {};
  const queue = Array.from({ length: rounds }, () => files).flat();
  const t0 = performance.now();
  await Promise.all(
    pool.map(async (w) => {
      for (let f = queue.shift(); f; f = queue.shift()) {
        const r = await call(w, { file: f, hash: true, covers: opts.covers });
        if (!r.ok) console.error('bench: failed', f.name, JSON.stringify(r.error));
        (perFile[f.name] ??= []).push(r.ms);
        (hashPart[f.name] ??= []).push((r as { hashMs?: number }).hashMs ?? 0);
      }
    }),
  );
  const wall = performance.now() - t0;
  pool.forEach((w) => w.terminate());
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    books: rounds * files.length,
    wallMs: wall,
    booksPerSecond: (rounds * files.length) / (wall / 1000),
    medianMs: Object.fromEntries(Object.entries(perFile).map(([k, v]) => [k, median(v)])),
    minMs: Object.fromEntries(Object.entries(perFile).map(([k, v]) => [k, Math.min(...v)])),
    medianHashMs: Object.fromEntries(Object.entries(hashPart).map(([k, v]) => [k, median(v)])),
  };
}

/**
 * Per-file figures for files fetched from `urls` (scripts/profile-corpus.mjs serves a corpus):
 * one worker, one file at a time, hash and extract timed apart, with covers or without.
 */
async function profileFiles(urls: string[], covers = true) {
  const w = spawn();
  const out: { url: string; bytes: number; hashMs: number; extractMs: number; ok: boolean; pages: number | null }[] = [];
  for (const url of urls) {
    const blob = await (await fetch(url)).blob();
    const file = new File([blob], decodeURIComponent(url.slice(url.lastIndexOf('/') + 1)));
    const r = (await call(w, { file, hash: true, covers })) as { ok: boolean; ms: number; hashMs?: number; result?: { metadata?: { pageCount?: number | null } } };
    out.push({ url, bytes: file.size, hashMs: r.hashMs ?? 0, extractMs: r.ms - (r.hashMs ?? 0), ok: r.ok, pages: r.result?.metadata?.pageCount ?? null });
  }
  w.terminate();
  return out;
}

/** Hash throughput of a file picked through the page's <input type=file> (disk-backed, like a folder's files). */
async function hashPicked(input: HTMLInputElement) {
  const file = input.files![0]!;
  const t0 = performance.now();
  const r = await new Promise<{ digest: string; ms: number; chunks: number }>((resolve) => {
    const ww = new Worker(new URL('./hashWorker.ts', import.meta.url), { type: 'module' });
    ww.onmessage = (e) => {
      resolve(e.data);
      ww.terminate();
    };
    ww.postMessage({ file });
  });
  return { digest: r.digest, chunks: r.chunks, bytes: file.size, ms: r.ms, wallMs: performance.now() - t0, mbPerSecond: file.size / 1e6 / (r.ms / 1000) };
}

/** extractBook on this page's thread, for profiling with the DevTools protocol (workers are harder to attach to). */
async function runInPage(name: string, times: number, covers = true) {
  const { extractBook } = await import('../../../src/ingest/extract');
  // A name starting with '/' is fetched (a corpus file served by scripts/profile-corpus.mjs).
  const [fileName, bytes]: [string, Bytes] = name.startsWith('/') ? [name.slice(name.lastIndexOf('/') + 1) + '.pdf', await (await fetch(name)).blob()] : await CASES[name]!();
  const file = new File([bytes as BlobPart], fileName);
  const t0 = performance.now();
  for (let i = 0; i < times; i++) await extractBook(file, fileName, { covers });
  return (performance.now() - t0) / times;
}

(window as unknown as { harness: unknown }).harness = { run, bench, profileFiles, hashPicked, runInPage, cases: Object.keys(CASES), real: REAL, stray };
document.getElementById('status')!.textContent = 'ready';
