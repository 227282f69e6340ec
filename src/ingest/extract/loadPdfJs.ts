/**
 * pdf.js for ingestion, in whichever of our two environments we run: an ingest module
 * worker in the browser, or Node (vitest, benchmarks).
 *
 * Worker setup, and why. pdf.js normally splits itself in two: the API ("main thread") and a
 * parsing worker it spawns. We already run inside an ingest worker (one per core, in a pool),
 * so we run BOTH halves inline in it: importing pdf.worker.min.mjs defines
 * `globalThis.pdfjsWorker`, and pdf.js then uses its "fake worker" (a loopback port in the
 * same thread) instead of spawning one. The alternative, `GlobalWorkerOptions.workerPort =
 * new Worker(…)` (a nested pdf.js worker per ingest worker), also works in Chromium, but
 * scripts/bench-extract.mjs measured no gain from it (the same CPU time per book: parsing
 * and drawing run one after the other for one book anyway) while it doubles the threads on
 * two cores, copies the PDF bytes and the page's operator list between threads, and leaves
 * one more worker to terminate on cancel. Inline works from a Vite build because the worker
 * file is a plain ES module that Vite bundles as a chunk. (pdf.js uses the same "fake
 * worker" in Node.)
 *
 * One trap: pdf.worker.mjs, when evaluated in ANY worker, assumes it is pdf.js's own worker
 * and (1) listens on `self` for messages addressed to it (harmless: it ignores everything
 * without `targetName: 'worker'`), and (2) posts `{sourceName:'worker', targetName:'main',
 * action:'ready'}` to whoever created our worker. That stray message could confuse the
 * pool's protocol, so it is filtered out while the module evaluates.
 *
 * Node: the legacy build (Node 20 lacks APIs the modern build uses), with its worker module
 * imported first for the same inline setup. Its specifier is hidden from Vite so the browser
 * bundle never contains the legacy build.
 */

export type PdfJs = typeof import('pdfjs-dist');

let loaded: Promise<PdfJs> | undefined;

export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string' && typeof window === 'undefined';
}

export function loadPdfJs(): Promise<PdfJs> {
  loaded ??= (isNode() ? loadForNode() : loadForBrowser()).catch((e) => {
    loaded = undefined; // let the next book try again (e.g. a chunk that failed to load)
    throw e;
  });
  return loaded;
}

async function loadForNode(): Promise<PdfJs> {
  const worker = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
  const api = 'pdfjs-dist/legacy/build/pdf.mjs';
  await import(/* @vite-ignore */ worker);
  return (await import(/* @vite-ignore */ api)) as PdfJs;
}

interface PdfReadyMessage {
  sourceName?: unknown;
  targetName?: unknown;
  action?: unknown;
}

async function loadForBrowser(): Promise<PdfJs> {
  const scope = globalThis as unknown as { postMessage?: (msg: unknown, ...rest: unknown[]) => void };
  const inWorker = typeof scope.postMessage === 'function' && typeof (globalThis as { document?: unknown }).document === 'undefined';
  const hadOwn = Object.hasOwn(scope, 'postMessage');
  const original = scope.postMessage;
  if (inWorker && original) {
    scope.postMessage = function (msg: unknown, ...rest: unknown[]) {
      const m = msg as PdfReadyMessage | null;
      if (m && m.sourceName === 'worker' && m.targetName === 'main' && m.action === 'ready') return;
      return original.call(globalThis, msg, ...rest);
    };
  }
  try {
    await import('pdfjs-dist/build/pdf.worker.min.mjs');
  } finally {
    if (inWorker && original) {
      if (hadOwn) scope.postMessage = original;
      else delete scope.postMessage;
    }
  }
  return import('pdfjs-dist');
}
