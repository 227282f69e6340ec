// pdf.js ships no types for its worker module; we import it only for its side effect
// (defining globalThis.pdfjsWorker, see loadPdfJs.ts).
declare module 'pdfjs-dist/build/pdf.worker.min.mjs';
