/**
 * The page's side of scanning: starts the coordinator worker, hands it a port to this tab's
 * database worker, and makes sure only one scan runs at a time across tabs (Web Lock
 * 'alex-scan'). Progress is shared with the other tabs on a BroadcastChannel so any of them
 * can show it, and cancel it.
 */
import { createEndpoint, proxy, transfer, wrap, type Remote } from 'comlink';
import { createSignal } from 'solid-js';
import type { ScanReport } from '../db/api';
import { db } from '../data/client';
import { installErrorTransfer } from '../lib/comlinkErrors';
import type { ScanProgress } from './scanPipeline';
import type { CoverJob, ScanJob, ScanRunOptions, ScanWorkerApi } from './scanWorker';
import { defaultPoolSize } from './workerPool';

installErrorTransfer();

import { COVERS_LOCK, SCAN_LOCK } from './scanLocks';
export { COVERS_LOCK, SCAN_LOCK };
const CHANNEL = 'alex-scan';

export interface ScanActivity {
  kind: ScanReport['kind'];
  progress: ScanProgress;
  /** True when another tab runs the scan (this one only shows it). */
  elsewhere: boolean;
}

type Message = { type: 'progress'; kind: ScanReport['kind']; progress: ScanProgress } | { type: 'end'; report: ScanReport | null } | { type: 'cancel' };

const [activity, setActivity] = createSignal<ScanActivity | null>(null);
const [lastReport, setReport] = createSignal<ScanReport | null>(null);
/** Counts reports seen by this tab: lets a test (or a view) tell one finished scan from the next. */
const [reportSeq, setReportSeq] = createSignal(0);
/** This tab's cover pass waits for a scan (here or in another tab) to end. */
const [coversWaiting, setCoversWaiting] = createSignal(false);
export { activity, coversWaiting, lastReport, reportSeq };

export function setLastReport(r: ScanReport): void {
  setReport(r);
  setReportSeq((n) => n + 1);
}

let coordinator: Remote<ScanWorkerApi> | undefined;
let connected: Promise<void> | undefined;
let channel: BroadcastChannel | undefined;
let running = false;
let watchdog: ReturnType<typeof setTimeout> | undefined;
const endListeners = new Set<(r: ScanReport) => void>();

/** Called with the report of a scan another tab finished. */
export function onRemoteScanEnd(fn: (r: ScanReport) => void): () => void {
  endListeners.add(fn);
  return () => endListeners.delete(fn);
}

function bus(): BroadcastChannel {
  if (!channel) {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (e: MessageEvent<Message>) => {
      const m = e.data;
      if (m.type === 'cancel') {
        if (running) void coordinator?.cancel();
      } else if (!running) {
        if (m.type === 'progress') {
          setActivity({ kind: m.kind, progress: m.progress, elsewhere: true });
          // A tab that dies mid-scan never says 'end': forget its scan if it goes quiet.
          clearTimeout(watchdog);
          watchdog = setTimeout(() => setActivity(null), 15_000);
        } else {
          clearTimeout(watchdog);
          setActivity(null);
          if (m.report) for (const fn of endListeners) fn(m.report);
        }
      }
    };
  }
  return channel;
}

/** Call once at start so this tab hears about scans in other tabs. */
export function listenForScans(): void {
  bus();
}

async function scanWorker(): Promise<Remote<ScanWorkerApi>> {
  if (!coordinator) {
    const worker = new Worker(new URL('./scanWorker.ts', import.meta.url), { type: 'module', name: 'alex-scan' });
    coordinator = wrap<ScanWorkerApi>(worker);
    const c = coordinator;
    connected = (async () => {
      const port = await db()[createEndpoint]();
      await c.connect(transfer(port, [port]));
    })();
  }
  await connected;
  return coordinator;
}

/**
 * Ingest workers for a scan: one per core. Benchmarks override it, and the files in flight per
 * worker and covers, with localStorage 'alex.ingestWorkers', 'alex.ingestLanes', 'alex.ingestCovers'.
 */
function tuning(): Pick<ScanRunOptions, 'workers' | 'lanes' | 'covers' | 'timings'> {
  const num = (key: string) => Number(localStorage.getItem(key));
  const workers = num('alex.ingestWorkers');
  const lanes = num('alex.ingestLanes');
  return {
    workers: workers >= 1 && workers <= 8 ? workers : defaultPoolSize(),
    lanes: lanes >= 1 && lanes <= 8 ? lanes : undefined,
    covers: localStorage.getItem('alex.ingestCovers') !== '0',
    timings: localStorage.getItem('alex.scanTimings') === '1',
  };
}

/**
 * Runs a scan unless one is already running in some tab ('busy'). Resolves with the report
 * (also saved in the database as the last scan); the caller shows it (setLastReport).
 */
export async function runScanJob(job: ScanJob, opts: Omit<ScanRunOptions, 'workers' | 'lanes' | 'covers' | 'timings'>): Promise<ScanReport | 'busy'> {
  if (running) return 'busy';
  const kind: ScanReport['kind'] = job.kind === 'folder' ? 'scan' : job.kind;
  const result = await navigator.locks.request(SCAN_LOCK, { ifAvailable: true }, async (lock) => {
    if (!lock) return 'busy' as const;
    running = true;
    const ch = bus();
    const onProgress = (progress: ScanProgress) => {
      // Progress comes on the callback's own port: a late one must not bring back a finished scan's bar.
      if (!running) return;
      setActivity({ kind, progress, elsewhere: false });
      ch.postMessage({ type: 'progress', kind, progress } satisfies Message);
    };
    onProgress({ stage: job.kind === 'folder' ? 'listing' : 'checking', done: 0, total: 0, listed: 0, current: null });
    let report: ScanReport | null = null;
    try {
      const w = await scanWorker();
      report = await w.run(job, { ...opts, ...tuning() }, proxy(onProgress));
      return report;
    } finally {
      running = false;
      setActivity(null);
      ch.postMessage({ type: 'end', report } satisfies Message);
    }
  });
  return result;
}

/** Cancels the scan, whichever tab runs it. */
export function cancelScan(): void {
  if (running) void coordinator?.cancel();
  else bus().postMessage({ type: 'cancel' } satisfies Message);
}

export function scanRunningHere(): boolean {
  return running;
}

let coverJob: (() => CoverJob | null) | null = null;
let coversQueued = false;
let coversAgain = false;
let coverToken = '';

/**
 * Draws the covers scans left owed (coverPass.ts), in the background: call after a scan and when
 * the app starts (a pass a closed tab or a reload stopped resumes). `job` is asked when the pass
 * starts, since the folder may have changed meanwhile; null skips the pass. Idempotent: a call
 * while this tab's pass runs or waits makes it look again when it ends.
 */
export function drawOwedCovers(job: () => CoverJob | null, token: string): void {
  coverJob = job;
  coverToken = token;
  if (coversQueued) {
    coversAgain = true;
    return;
  }
  coversQueued = true;
  void navigator.locks
    .request(COVERS_LOCK, async () => {
      do {
        coversAgain = false;
        const j = coverJob?.();
        if (!j) return;
        const w = await scanWorker();
        try {
          await w.covers(j, { token: coverToken, workers: tuning().workers }, proxy(setCoversWaiting));
        } finally {
          setCoversWaiting(false);
        }
      } while (coversAgain);
    })
    .catch(() => {
      /* a pass that fails leaves the covers owed: the next call tries again */
    })
    .finally(() => {
      coversQueued = false;
    });
}

/** Stops this tab's cover pass (the folder is being changed or disconnected). */
export function stopCoverPass(): void {
  void coordinator?.cancelCovers();
}
