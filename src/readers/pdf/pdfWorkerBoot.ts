/**
 * The reader's pdf.js worker, started through this small module that imports pdf.worker.min.mjs
 * dynamically. Why: Chromium keeps no V8 code cache for a worker's top-level script, so the
 * 1.2 MB worker module was compiled afresh on every open (0.2–1.3 s at load 15, measured with a
 * trace, 2026-12-06), while a module imported with import() is code-cached from its second load
 * on (the same compile took 8–40 ms). pdf.worker.mjs starts listening on `self` when it has
 * evaluated, so messages that arrive before (pdf.js's "configure", sent when the main thread
 * builds its PDFWorker) are held here and handed to it afterwards.
 */
const held: unknown[] = [];
const hold = (e: MessageEvent) => held.push(e.data);
self.addEventListener('message', hold);

try {
  await import('pdfjs-dist/build/pdf.worker.min.mjs');
} finally {
  self.removeEventListener('message', hold);
}
for (const data of held.splice(0)) self.dispatchEvent(new MessageEvent('message', { data }));

export {};
