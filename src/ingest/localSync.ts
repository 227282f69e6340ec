/**
 * Keeps the catalogue in step with the local folder while someone is signed in: a scan on
 * start, when the app regains focus, every N seconds while visible, instantly on changes where
 * FileSystemObserver exists, and on demand. Also the folder actions of the UI (choose,
 * reconnect, disconnect, import) and the state the UI shows.
 */
import { createSignal } from 'solid-js';
import { DEFAULT_SCAN_INTERVAL, type LocalSourceStatus, type ScanReport } from '../db/api';
import { onChanges } from '../data/invalidation';
import { api } from '../data/sessionClient';
// The scan worker calls the database itself, with this session's token.
import { handleAuthError, token } from '../data/session';
import { refreshBootInfo } from '../data/boot';
import { clearFolderHandle, loadFolderHandle, pickFolder, queryFolderPermission, requestFolderPermission, saveFolderHandle } from '../storage/folderStore';
export { pickFolder };
import { scanEndedAnywhere } from './scanLocks';
import { drawOwedCovers, lastReport, listenForScans, onRemoteScanEnd, runScanJob, setLastReport, stopCoverPass } from './scanClient';

/**
 * none: no source chosen · ready: folder readable · needs-permission: the browser asks again
 * (after a restart) · missing: the database names a folder but this browser lost its handle ·
 * import: copies in OPFS, nothing to watch.
 */
export type FolderState = 'loading' | 'none' | 'ready' | 'needs-permission' | 'missing' | 'import';

const [folderState, setFolderState] = createSignal<FolderState>('loading');
const [source, setSource] = createSignal<LocalSourceStatus | null>(null);
export { folderState, source };

let handle: FileSystemDirectoryHandle | undefined;
let lastScanEnd = 0;
let cleanedThisSession = false;
let started = false;
const stops: (() => void)[] = [];
let stopObserver: (() => void) | undefined;

/** Re-reads the source settings and the folder's permission. */
export async function refreshSource(): Promise<LocalSourceStatus | null> {
  let s: LocalSourceStatus;
  try {
    s = await api.getLocalSource();
  } catch {
    return null; // an ended session is handled by the client
  }
  // Refreshed every second while a scan writes: only a real change re-renders anything.
  if (JSON.stringify(s) !== JSON.stringify(source())) setSource(s);
  if (s.lastScan && !lastReport()) setLastReport(s.lastScan);
  if (s.mode === 'import') setFolderState('import');
  else if (s.mode === 'folder') {
    handle = await loadFolderHandle();
    setFolderState(!handle ? 'missing' : (await queryFolderPermission(handle)) === 'granted' ? 'ready' : 'needs-permission');
  } else setFolderState('none');
  return s;
}

/** Figures first, then the report: whoever sees the new report sees the new book count. */
async function showReport(report: ScanReport): Promise<void> {
  await Promise.all([refreshSource(), refreshBootInfo().catch(() => {})]);
  if (report.error && /reconnect/i.test(report.error)) setFolderState('needs-permission');
  setLastReport(report);
}

async function afterScan(report: ScanReport | 'busy'): Promise<ScanReport | 'busy'> {
  lastScanEnd = Date.now();
  if (report !== 'busy') {
    await showReport(report);
    if (report.kind !== 'disconnect') drawCovers();
  }
  return report;
}

/** Where the cover pass finds the books now: the readable folder, the imported copies, or nowhere. */
function coverJob() {
  if (source()?.mode === 'import') return { kind: 'import' as const };
  if (source()?.mode === 'folder' && handle && folderState() === 'ready') return { kind: 'folder' as const, handle };
  return null;
}

/** The PDF covers the scans left owed, drawn in the background (also resuming a pass a reload or a closed tab stopped). */
function drawCovers(): void {
  if (coverJob() && (source()?.coversPending ?? 0) > 0) drawOwedCovers(coverJob, token());
}

/**
 * Scans the folder now. Automatic scans skip files that failed before and have not changed;
 * a manual scan ("Scan now") reads them again. `every` (Check every file) asks the browser
 * for the size and time of every file, even where the folder's change records would do.
 */
export async function scanNow(opts: { manual?: boolean; every?: boolean } = {}): Promise<ScanReport | 'busy' | 'unavailable'> {
  if (!handle || source()?.mode !== 'folder') return 'unavailable';
  if ((await queryFolderPermission(handle)) !== 'granted') {
    setFolderState('needs-permission');
    return 'unavailable';
  }
  const cleanup = !cleanedThisSession;
  cleanedThisSession = true;
  const sent = token();
  try {
    return await afterScan(
      await runScanJob(
        { kind: 'folder', handle },
        // Scan now lists every folder (added, removed and moved files need no record); automatic
        // scans may look only at what the records named. Either is a full walk when the folder
        // was not watched without a break since the last one (folderWatch.ts).
        { token: sent, cleanup, check: opts.every ? 'every' : opts.manual ? 'quick' : 'changes', priorFailures: opts.manual ? [] : (lastReport()?.failures ?? []) },
      ),
    );
  } catch (e) {
    lastScanEnd = Date.now();
    if (!handleAuthError(e, sent)) throw e;
    return 'unavailable';
  }
}

/**
 * What changing to `picked` would do to the library, in words to confirm, or null when there
 * is nothing to lose (empty library, or the same folder picked again).
 */
export async function folderChangeWarning(picked: FileSystemDirectoryHandle): Promise<string | null> {
  const s = source();
  if (!s?.bookCount) return null;
  if (s.mode === 'folder') {
    if (handle && (await handle.isSameEntry(picked).catch(() => false))) return null;
    return `Books that are not in “${picked.name}” will leave the library, with their reading progress. Books found in it, in any subfolder, keep theirs.`;
  }
  if (s.mode === 'import') return `Imported books that are not in “${picked.name}” will leave the library, and their copies in this browser are deleted.`;
  return null;
}

/** Admin: makes `picked` the books folder and scans it. */
export async function useFolder(picked: FileSystemDirectoryHandle): Promise<void> {
  stopCoverPass();
  await saveFolderHandle(picked);
  handle = picked;
  await api.setLocalSource({ mode: 'folder', folderName: picked.name });
  await refreshSource();
  void observeFolder();
  // Picked again, the same folder gets a full check: the user asked for a fresh look.
  void scanNow({ manual: true, every: true });
}

/** Admin: pick a folder and use it, no questions asked (first run). False if the picker was closed. */
export async function chooseFolder(): Promise<boolean> {
  const picked = await pickFolder();
  if (!picked) return false;
  await useFolder(picked);
  return true;
}

/** The one click the browser needs after a restart to read the folder again. */
export async function reconnectFolder(): Promise<boolean> {
  if (!handle) handle = await loadFolderHandle();
  if (!handle) return false;
  const ok = (await requestFolderPermission(handle)) === 'granted';
  setFolderState(ok ? 'ready' : 'needs-permission');
  if (ok) {
    void observeFolder();
    // Without permission the folder was not watched: a record may have been missed.
    void scanNow({ every: true });
  }
  return ok;
}

/**
 * Admin: forget the folder. Its books leave the library (the files themselves are untouched),
 * and imported copies are deleted. The setting is cleared last, so a tab killed halfway
 * leaves the folder connected and the next disconnect finishes the job.
 */
export async function disconnectFolder(): Promise<ScanReport | 'busy'> {
  const report = await runScanJob({ kind: 'disconnect' }, { token: token(), cleanup: true, priorFailures: [] });
  if (report !== 'busy' && report.outcome === 'done') {
    await api.setLocalSource(null);
    await clearFolderHandle();
    handle = undefined;
    stopObserver?.();
  }
  return afterScan(report);
}

/**
 * Admin, browsers without a folder picker (or by choice): copies the books into OPFS and adds
 * what is new. Paths keep the picked folder's name ("Books/Science/a.pdf").
 */
export async function importFiles(files: { file: File; path: string }[]): Promise<ScanReport | 'busy'> {
  const folderName = files[0]?.path.split('/').filter(Boolean)[0] ?? null;
  if (source()?.mode !== 'import') {
    await api.setLocalSource({ mode: 'import', folderName: files.some((f) => f.path.includes('/')) ? folderName : null });
    await clearFolderHandle();
    handle = undefined;
    await refreshSource();
  }
  return afterScan(await runScanJob({ kind: 'import', files }, { token: token(), cleanup: true, priorFailures: [] }));
}

function intervalMs(): number {
  return (source()?.scanIntervalSeconds ?? DEFAULT_SCAN_INTERVAL) * 1000;
}

function automatic(minGapMs: number) {
  if (folderState() !== 'ready' || Date.now() - lastScanEnd < minGapMs) return;
  void scanNow().catch(() => {});
}

interface FileSystemObserverLike {
  observe(h: FileSystemHandle, o: { recursive: boolean }): Promise<void>;
  disconnect(): void;
}

/** The folder changed while a scan ran (here or in another tab): a scan follows once it ends. */
const [changesWaiting, setChangesWaiting] = createSignal(false);
export { changesWaiting };

async function observeFolder(): Promise<void> {
  stopObserver?.();
  stopObserver = undefined;
  const Observer = (globalThis as unknown as { FileSystemObserver?: new (cb: () => void) => FileSystemObserverLike }).FileSystemObserver;
  if (!Observer || !handle || !started) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let scanning = false;
  // Records came that no scan started after them has covered yet.
  let waiting = false;
  // One follow-up at a time: records that come while it runs are covered by one more scan. A scan
  // busy elsewhere (Scan now, another tab) may have passed the changed file before its record
  // came (records come a moment after the change): wait for it to end, then scan, so no record
  // is dropped as 'busy'.
  const scan = async () => {
    waiting = true;
    if (scanning) return;
    scanning = true;
    try {
      while (waiting && !stopped && folderState() === 'ready') {
        waiting = false;
        const busy = (await scanNow().catch(() => null)) === 'busy';
        setChangesWaiting(busy);
        if (!busy) continue;
        waiting = true;
        await scanEndedAnywhere();
      }
    } finally {
      scanning = false;
      setChangesWaiting(false);
    }
  };
  // Bursts of changes (a folder copied in) become one scan, shortly after they stop.
  const observer = new Observer(() => {
    clearTimeout(timer);
    timer = setTimeout(() => void scan(), 1500);
  });
  try {
    await observer.observe(handle, { recursive: true });
    stopObserver = () => {
      stopped = true;
      clearTimeout(timer);
      observer.disconnect();
    };
  } catch {
    /* not observable (permission, platform): the interval still runs */
  }
}

/** Starts the automatic scans for this signed-in page. Idempotent; stopLocalSync undoes it. */
export async function startLocalSync(): Promise<void> {
  if (started) return;
  started = true;
  listenForScans();
  stops.push(
    onRemoteScanEnd((r) => {
      lastScanEnd = Date.now();
      // Queued behind the other tab's pass: if that tab closes, this one goes on.
      void showReport(r).then(drawCovers);
    }),
  );
  // Book counts move while a scan writes (here or in another tab): refresh at most once a second.
  stops.push(onChanges(['books', 'settings'], () => void refreshSource(), 1000));
  await refreshSource();
  if (!started) return;
  const tick = setInterval(() => {
    if (document.visibilityState === 'visible') automatic(intervalMs());
  }, 1000);
  const onFocus = () => document.visibilityState === 'visible' && automatic(3000);
  window.addEventListener('focus', onFocus);
  document.addEventListener('visibilitychange', onFocus);
  stops.push(() => {
    clearInterval(tick);
    window.removeEventListener('focus', onFocus);
    document.removeEventListener('visibilitychange', onFocus);
  });
  if (folderState() === 'ready') {
    void observeFolder();
    void scanNow().catch(() => {});
  }
  drawCovers();
}

export function stopLocalSync(): void {
  started = false;
  stopObserver?.();
  stopObserver = undefined;
  while (stops.length) stops.pop()!();
}
