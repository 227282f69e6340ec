import { wrap, type Remote } from 'comlink';
import type { ExtractJob, IngestWorkerApi } from './ingestWorker';
import type { ScannedBook } from '../db/api';

/** Reading books is CPU-bound (SHA-256, pdf.js, image decoding): one worker per core. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
}

interface Member {
  worker: Worker;
  api: Remote<IngestWorkerApi>;
  busy: number;
}

/**
 * The ingest workers of one scan. Each call goes to the least busy worker; the pipeline keeps
 * about two calls per worker in flight so one waits on the disk while the other computes.
 */
export class WorkerPool {
  private members: Member[] = [];

  constructor(readonly size: number) {}

  private member(): Member {
    if (this.members.length < this.size && this.members.every((m) => m.busy > 0)) {
      const worker = new Worker(new URL('./ingestWorker.ts', import.meta.url), { type: 'module', name: `alex-ingest-${this.members.length + 1}` });
      this.members.push({ worker, api: wrap<IngestWorkerApi>(worker), busy: 0 });
    }
    return this.members.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  private async run<T>(signal: AbortSignal, fn: (api: Remote<IngestWorkerApi>) => Promise<T>): Promise<T> {
    signal.throwIfAborted();
    const m = this.member();
    m.busy++;
    const onAbort = () => void m.api.cancelAll().catch(() => {});
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await fn(m.api);
    } finally {
      m.busy--;
      signal.removeEventListener('abort', onAbort);
    }
  }

  hash(file: Blob, signal: AbortSignal): Promise<string> {
    return this.run(signal, (api) => api.hash(file));
  }

  extract(file: Blob, path: string, hash: string, job: ExtractJob, signal: AbortSignal): Promise<ScannedBook> {
    return this.run(signal, (api) => api.extract(file, path, hash, job));
  }

  cover(file: Blob, hash: string, signal: AbortSignal): Promise<string | null> {
    return this.run(signal, (api) => api.cover(file, hash));
  }

  /** Frees the workers (pdf.js and its caches go with them). */
  close(): void {
    for (const m of this.members) m.worker.terminate();
    this.members = [];
  }
}
