/// <reference lib="webworker" />
// Runs extractBook (and hashFile) exactly as the app's ingest workers do: a module worker
// with no DOM. Answers {id, ok, result | error, ms}.
import { extractBook, ingestReasonOf } from '../../../src/ingest/extract';
import { hashFile } from '../../../src/ingest/hash';

// The page passes its query string as the worker's name; ?trace logs each job's start and end.
const trace = self.name.includes('trace');

export interface Job {
  id: number;
  file: File;
  covers?: boolean;
  hash?: boolean;
}

self.onmessage = async (ev: MessageEvent<Job>) => {
  const { id, file, covers, hash } = ev.data;
  const t0 = performance.now();
  if (trace) console.debug(`start ${id} ${file.name}`);
  try {
    const digest = hash ? await hashFile(file) : null;
    const t1 = performance.now();
    const result = await extractBook(file, file.name, { covers });
    const t2 = performance.now();
    if (trace) console.debug(`end ${id} ${file.name} ${Math.round(t2 - t0)} ms`);
    self.postMessage({ id, ok: true, result, digest, ms: t2 - t0, hashMs: t1 - t0, extractMs: t2 - t1, hasDocument: 'document' in self });
  } catch (e) {
    const err = e as Error;
    self.postMessage({ id, ok: false, error: { name: err?.name, reason: ingestReasonOf(e), message: err?.message, isIngestError: err?.name === 'IngestError' }, ms: performance.now() - t0 });
  }
};
