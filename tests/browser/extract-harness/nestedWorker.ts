/// <reference lib="webworker" />
// Benchmark-only variant of worker.ts: pdf.js parses in a nested worker of its own
// (GlobalWorkerOptions.workerPort) instead of inline. A port given to pdf.js wins over the
// inline "fake worker" that extractBook sets up, so the same extractBook runs both ways.
// (A static import: with a top-level `await import()` the first message would arrive before
// worker.ts set onmessage, and be lost.)
import { GlobalWorkerOptions } from 'pdfjs-dist';
import pdfWorkerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import './worker';

GlobalWorkerOptions.workerPort = new Worker(pdfWorkerUrl, { type: 'module' });
