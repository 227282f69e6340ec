/**
 * Keeps the full-text index in step with the catalogue, in the background: after sign-in and
 * after every change to the books (a scan, an S3 poll), one tab at a time (Web Lock
 * `alex-fulltext-index`) lists the books, lets the full-text worker forget what is gone, and
 * indexes what is new, one book after another. The worker commits each part of a book, so a
 * closed tab loses at most the part in progress; the next tab to run goes on from there.
 * Progress is shared with every tab on the BroadcastChannel `alex-fulltext`.
 */
import { createSignal } from 'solid-js';
import { token } from '../data/session';
import { api } from '../data/sessionClient';
import { onChanges } from '../data/invalidation';
import { isAppError, isOutOfSpace } from '../domain/errors';
import { openBookFile } from '../storage/fileSource';
import { ingestEndedAnywhere, ingestRunningAnywhere } from '../ingest/scanLocks';
import type { TextIndexEntry, TextIndexPage } from '../db/api';
import { fulltext } from './fulltextClient';
import { wholeBlob } from './wholeBlob';

export interface TextIndexStatus {
  settled: number;
  total: number;
  running: boolean;
  /** False until the books have been counted once (the panel says "counting" rather than 0 of 0). */
  counted: boolean;
  /** The title of the book being indexed now. */
  current: string | null;
  /** Why indexing stopped (out of space, folder permission…), or null. */
  message: string | null;
  /** Waiting for a scan or the cover pass (in any tab) to end. */
  waiting?: boolean;
}

const PAUSE_KEY = 'alex-text-index-paused';
const CHANNEL = 'alex-fulltext';
/** Pause between optimize steps: merging runs only while nothing else needs the index. */
const OPTIMIZE_GAP_MS = 500;
/** Out of space: how often to look whether there is room again (nothing else would restart it). */
const SPACE_RETRY_MS = 10_000;

const [status, setStatus] = createSignal<TextIndexStatus>({ settled: 0, total: 0, running: false, counted: false, current: null, message: null });
const [paused, setPausedValue] = createSignal(localStorage.getItem(PAUSE_KEY) === '1');
export { status as textIndexStatus, paused as textIndexPaused };

/** Waits that end when the index is paused (a wait for the scan or the covers can be long). */
const onPause = new Set<() => void>();
function setPausedSignal(p: boolean) {
  setPausedValue(p);
  if (!p) return;
  for (const wake of onPause) wake();
  onPause.clear();
}
/** Resolves on Pause; `cancel` drops the waiter when the other side of a race won. */
function untilPaused(): { paused: Promise<void>; cancel: () => void } {
  if (paused()) return { paused: Promise.resolve(), cancel: () => {} };
  let wake!: () => void;
  const p = new Promise<void>((r) => onPause.add((wake = r)));
  return { paused: p, cancel: () => onPause.delete(wake) };
}

let channel: BroadcastChannel | undefined;
let started = false;
let wanted = false;
let looping = false;
let spaceRetry: ReturnType<typeof setTimeout> | undefined;

/**
 * After an out-of-space stop, tries again now and then: one failed part costs little, and the
 * index goes on by itself once space is freed (the message says so). A success or another
 * stop ends the retries.
 */
function retryWhenSpace() {
  clearTimeout(spaceRetry);
  spaceRetry = setTimeout(requestRun, SPACE_RETRY_MS);
}

function publish(s: TextIndexStatus) {
  setStatus(s);
  channel?.postMessage({ status: s });
}

export function setTextIndexPaused(p: boolean): void {
  localStorage.setItem(PAUSE_KEY, p ? '1' : '0');
  setPausedSignal(p);
  channel?.postMessage({ paused: p });
  if (p) void fulltext().stop().catch(() => {}); // nothing running to stop
  else requestRun();
}

/** Starts background indexing in this tab (idempotent). */
export function startTextIndexer(): void {
  if (started) return;
  started = true;
  channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (m: MessageEvent<{ status?: TextIndexStatus; paused?: boolean }>) => {
    if (m.data.status) setStatus(m.data.status);
    if (typeof m.data.paused === 'boolean') {
      setPausedSignal(m.data.paused);
      if (m.data.paused) void fulltext().stop().catch(() => {}); // nothing running to stop
      else requestRun();
    }
  };
  onChanges(['books'], requestRun, 2000);
  // Counted even while paused, so the panel says how far the index is.
  void countNow().catch(() => {});
  requestRun();
}

/** Throws the index away and indexes every book again. */
export async function rebuildTextIndex(): Promise<void> {
  await fulltext().stop();
  await fulltext().rebuild();
  requestRun();
}

function requestRun() {
  wanted = true;
  if (!looping) void loop();
}

async function loop() {
  looping = true;
  try {
    while (wanted && !paused() && token()) {
      wanted = false;
      try {
        // Another tab may hold the indexing lock for a while: say how far the index is meanwhile.
        if (!status().running) await countNow();
        await navigator.locks.request('alex-fulltext-index', () => runOnce());
      } catch (e) {
        // The index file could not be opened or read (no room, a damaged file): say so; the next
        // change to the books tries again. Reading and the catalogue go on without it.
        const message = isOutOfSpace(e)
          ? 'Not enough storage space for the text index. Free up some space and it goes on.'
          : `The text index stopped: ${e instanceof Error ? e.message : String(e)}`;
        publish({ ...status(), running: false, current: null, message, waiting: false });
        if (isOutOfSpace(e)) retryWhenSpace();
      }
    }
  } finally {
    looping = false;
  }
}

async function catalogue(): Promise<TextIndexEntry[]> {
  const all: TextIndexEntry[] = [];
  let after: string | null = null;
  do {
    const page: TextIndexPage = await api.listTextIndexBooks(after);
    all.push(...page.entries);
    after = page.next;
  } while (after);
  return all;
}

async function countNow(): Promise<void> {
  const books = await catalogue();
  const { settled, total } = await fulltext().count(books.map((b) => ({ hash: b.fileHash, fileType: b.fileType })));
  publish({ ...status(), settled, total, counted: true });
}

async function runOnce(): Promise<void> {
  const books = await catalogue();
  const plan = await fulltext().plan(books.map((b) => ({ hash: b.fileHash, fileType: b.fileType })));
  const byHash = new Map(books.map((b) => [b.fileHash, b]));
  let settled = plan.settled;
  let message: string | null = null;
  const base = { total: plan.total, counted: true, current: null };
  publish({ ...base, settled, running: plan.toIndex.length > 0, message });
  for (const hash of plan.toIndex) {
    if (paused() || !token()) break;
    // A scan and the cover pass go first: indexing reads whole books with pdf.js too, and
    // beside them it made the ingest slower and its memory peak (about 250 MB more) higher.
    if (await ingestRunningAnywhere()) {
      publish({ ...base, settled, running: true, message, waiting: true });
      // Pause ends the wait too: the panel then says the index has stopped.
      const pause = untilPaused();
      await Promise.race([ingestEndedAnywhere(), pause.paused]);
      pause.cancel();
      if (paused() || !token()) break;
    }
    const book = byHash.get(hash)!;
    let file: Blob;
    try {
      publish({ ...base, settled, running: true, current: book.title, message });
      file = await wholeBlob(await openBookFile(book, { background: true }));
    } catch (e) {
      // The folder needs permission again (a click), or the file went since the last scan.
      if (isAppError(e, 'FORBIDDEN')) {
        message = 'Waiting for permission to read your books folder.';
        break;
      }
      continue;
    }
    try {
      await fulltext().index(file, hash, book.fileType);
      settled++;
      publish({ ...base, settled, running: true, message });
    } catch (e) {
      if ((e as { name?: string })?.name === 'AbortError') break;
      if (isOutOfSpace(e)) {
        message = 'Not enough storage space to go on with the text index. What is indexed stays; free up some space and it goes on.';
        retryWhenSpace();
        break;
      }
      message = `The text index stopped: ${e instanceof Error ? e.message : String(e)}`;
      break;
    }
  }
  publish({ ...base, settled, running: false, message });
  if (!message && !paused()) await optimizeWhileIdle();
}

async function optimizeWhileIdle(): Promise<void> {
  for (let i = 0; i < 200 && !wanted && !paused(); i++) {
    if (!(await fulltext().optimizeStep())) return;
    await new Promise((r) => setTimeout(r, OPTIMIZE_GAP_MS));
  }
}
