import { wrap, type Remote } from 'comlink';
import type { DbApi } from '../db/api';
import { installErrorTransfer } from '../lib/comlinkErrors';

installErrorTransfer();

let remote: Remote<DbApi> | undefined;

/** The one database worker of this tab, started on first use. */
export function db(): Remote<DbApi> {
  if (!remote) {
    const worker = new Worker(new URL('../db/worker.ts', import.meta.url), { type: 'module', name: 'alex-db' });
    remote = wrap<DbApi>(worker);
  }
  return remote;
}
