import { createSignal } from 'solid-js';
import { api } from '../data/sessionClient';
import { emptyPollStatus, type S3IndexEntry, type S3PollStatus, type S3SourceStatus } from '../db/api';
import { opfsDir, removeOpfsEntry, writeOpfsFile } from '../storage/opfs';
import { removeCoverFile } from '../storage/removeCover';
import { defaultPoolSize, WorkerPool } from '../ingest/workerPool';
import { getObject, listAllBooks } from './bucketReads';
import { makeS3Client } from './client';
import { loadCredentials } from './credentialStore';
import { dropOfflineCopies, keepOfflineCopy } from '../storage/offlineCopies';
import { pollBucket, type PollIO } from './pollBucket';

/**
 * The bucket poll of this browser: on start, every `pollSeconds` while the app is open and
 * online, and on demand. Only one tab polls at a time (Web Lock), a poll never overlaps the
 * next, offline pauses it, and failures back off (doubling, up to an hour) with the reason
 * saved for Admin → Library.
 */
export const S3_POLL_LOCK = 'alex-s3-poll';
const MAX_BACKOFF = 3600;
/** Downloads in progress, streamed to disk; cleared after each poll. */
const INCOMING = 'offline/.incoming';

export type S3Phase = 'off' | 'idle' | 'polling' | 'waiting-network' | 'no-keys';

const [phase, setPhase] = createSignal<S3Phase>('off');
const [progress, setProgress] = createSignal<{ done: number; total: number; key: string } | null>(null);
const [source, setSource] = createSignal<S3SourceStatus | null>(null);
export { phase as s3Phase, progress as s3Progress, source as s3Source };

let timer: ReturnType<typeof setTimeout> | undefined;
let started = false;
let controller: AbortController | undefined;

export async function refreshS3Source(): Promise<S3SourceStatus | null> {
  const s = await api.getS3Source().catch(() => null);
  setSource(s);
  return s;
}

function schedule(seconds: number) {
  clearTimeout(timer);
  if (started) timer = setTimeout(() => void pollNow(), seconds * 1000);
}

function backoff(failures: number, pollSeconds: number): number {
  return Math.min(MAX_BACKOFF, pollSeconds * 2 ** Math.max(0, failures - 1));
}

async function download(client: Awaited<ReturnType<typeof makeS3Client>>, config: NonNullable<S3SourceStatus['config']>, key: string, signal: AbortSignal, temp: string[]) {
  return getObject(client, config, key, {
    signal,
    // Streamed to an OPFS scratch file, so a 500 MB book never sits in memory.
    sink: async (body) => {
      const name = crypto.randomUUID();
      const handle = await (await opfsDir(INCOMING, true))!.getFileHandle(name, { create: true });
      temp.push(`${INCOMING}/${name}`);
      if ('createWritable' in handle) await body.pipeTo(await handle.createWritable());
      else await writeOpfsFile(`${INCOMING}/${name}`, await new Response(body).blob());
      return handle.getFile();
    },
  });
}

/** Runs one poll now unless one is running (here or in another tab). */
export async function pollNow(): Promise<S3PollStatus | 'busy' | 'skipped'> {
  const s = await refreshS3Source();
  const config = s?.config;
  if (!config) {
    setPhase('off');
    return 'skipped';
  }
  if (!navigator.onLine) {
    setPhase('waiting-network');
    return 'skipped';
  }
  const creds = await loadCredentials(config);
  if (!creds) {
    setPhase('no-keys');
    return 'skipped';
  }
  const result = await navigator.locks.request(S3_POLL_LOCK, { ifAvailable: true }, async (lock) => {
    if (!lock) return 'busy' as const;
    setPhase('polling');
    controller = new AbortController();
    const signal = controller.signal;
    const client = await makeS3Client(config, creds);
    const pool = new WorkerPool(defaultPoolSize());
    const temp: string[] = [];
    const previous = s?.status;
    try {
      const io: PollIO = {
        list: (sig) => listAllBooks(client, config, sig),
        async index() {
          const out: S3IndexEntry[] = [];
          let after: string | null = null;
          do {
            const page: { entries: S3IndexEntry[]; next: string | null } = await api.getS3Index(after);
            out.push(...page.entries);
            after = page.next;
          } while (after);
          return out;
        },
        download: (o, sig) => download(client, config, o.key, sig, temp),
        hash: (file, sig) => pool.hash(file, sig),
        extract: (file, key, hash, sig) => pool.extract(file, key, hash, { copyTo: null, covers: true }, sig),
        apply: (writes) => api.applyS3Batch(writes),
        async forget({ covers, bookIds }) {
          for (const c of covers) await removeCoverFile(c).catch(() => {});
          await dropOfflineCopies(bookIds);
        },
        async imported(bookId, fileType, file) {
          // The old copy (if any) holds the previous content.
          await dropOfflineCopies([bookId]);
          if (config.keepOffline === 'all') await keepOfflineCopy(bookId, fileType, file);
        },
        onProgress: (done, total, key) => setProgress({ done, total, key }),
      };
      const status = await pollBucket(io, signal);
      const full: S3PollStatus = { ...status, retryIn: 0, failuresInARow: 0 };
      await api.saveS3Status(full);
      schedule(config.pollSeconds);
      return full;
    } catch (e) {
      const cancelled = signal.aborted;
      const failures = cancelled ? (previous?.failuresInARow ?? 0) : (previous?.failuresInARow ?? 0) + 1;
      const retryIn = cancelled ? config.pollSeconds : backoff(failures, config.pollSeconds);
      const full: S3PollStatus = {
        ...emptyPollStatus(cancelled ? 'cancelled' : 'failed'),
        error: cancelled ? undefined : describe(e),
        retryIn,
        failuresInARow: failures,
      };
      await api.saveS3Status(full).catch(() => {});
      schedule(retryIn);
      return full;
    } finally {
      pool.close();
      client.destroy();
      for (const p of temp) await removeOpfsEntry(p).catch(() => {});
      controller = undefined;
      setProgress(null);
      setPhase(navigator.onLine ? 'idle' : 'waiting-network');
      void refreshS3Source();
    }
  });
  if (result === 'busy') schedule(config.pollSeconds);
  return result;
}

function describe(e: unknown): string {
  const name = (e as { name?: string }).name ?? '';
  const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (['InvalidAccessKeyId', 'SignatureDoesNotMatch'].includes(name)) return 'The bucket refused the keys: check them on Admin → Library.';
  if (name === 'NoSuchBucket') return 'The bucket does not exist (any more).';
  if (status === undefined && e instanceof TypeError) return 'The bucket could not be reached (network down, or its CORS rule is missing).';
  return e instanceof Error ? e.message : String(e);
}

export function cancelPoll(): void {
  controller?.abort(new DOMException('Poll cancelled', 'AbortError'));
}

const onOnline = () => void pollNow();
const onOffline = () => {
  cancelPoll();
  setPhase('waiting-network');
};

/** Starts polling for this signed-in page (idempotent). */
export async function startS3Sync(): Promise<void> {
  if (started) return;
  started = true;
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  const s = await refreshS3Source();
  if (!s?.config) {
    setPhase('off');
    return;
  }
  // A failed poll in another session left a wait: honour it.
  const wait = s.status && s.status.outcome === 'failed' ? Math.max(0, s.status.at + s.status.retryIn - Date.now() / 1000) : 0;
  if (wait > 0) schedule(wait);
  else void pollNow();
}

export function stopS3Sync(): void {
  started = false;
  clearTimeout(timer);
  cancelPoll();
  window.removeEventListener('online', onOnline);
  window.removeEventListener('offline', onOffline);
}
