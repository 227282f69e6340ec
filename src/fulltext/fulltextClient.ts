import { wrap, type Remote } from 'comlink';
import type { FulltextWorkerApi } from './fulltextApi';

let remote: Remote<FulltextWorkerApi> | undefined;

/** This tab's full-text worker, started on first use. */
export function fulltext(): Remote<FulltextWorkerApi> {
  if (!remote) {
    const worker = new Worker(new URL('./fulltextWorker.ts', import.meta.url), { type: 'module', name: 'alex-fulltext' });
    remote = wrap<FulltextWorkerApi>(worker);
  }
  return remote;
}
