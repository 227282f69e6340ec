/// <reference lib="webworker" />
// Runs extractBook (and hashFile) exactly as the app's ingest workers do: a module worker
// with no DOM. Answers {id, ok, result | error, ms}.
import { extractBook, ingestReasonOf } from '../../../src/ingest/extract';
import { hashFile } from '../../../src/ingest/hash';

export interface Job {
  id: number;
  file: File;
  covers?: boolean;
  hash?: boolean;
}

self.onmessage = async (ev: MessageEvent<Job>) => {
  const { id, file, covers, hash } = ev.data;
  const t0 = performance.now();
  try {
    const digest = hash ? await hashFile(file) : null;
    const result = await extractBook(file, file.name, { covers });
    self.postMessage({ id, ok: true, result, digest, ms: performance.now() - t0, hasDocument: 'document' in self });
  } catch (e) {
    const err = e as Error;
    self.postMessage({ id, ok: false, error: { name: err?.name, reason: ingestReasonOf(e), message: err?.message, isIngestError: err?.name === 'IngestError' }, ms: performance.now() - t0 });
  }
};
