/**
 * Sync in the background: one tab per browser profile runs it (it holds a Web Lock for as long
 * as it lives; the next tab takes over when it closes). It syncs at start, every `intervalMs`,
 * shortly after a local change, and at once on reconnecting; offline it waits (changes stay
 * queued in sync_dirty). Failures back off, doubling up to an hour, and set the status's reason.
 * Pausing stops it until resumed. The environment is injected so tests drive it without a browser.
 */
import type { RoundReport } from './SyncEngine';
import { describeSyncError, type SyncStatus } from './syncStatus';

export const SYNC_LOCK = 'alex-sync';
const MAX_BACKOFF_MS = 3_600_000;

/** The slice of navigator.locks the loop uses. */
export interface LockManagerLike {
  request(name: string, callback: () => Promise<void>): Promise<void>;
}

export interface SyncLoopEnv {
  round(): Promise<RoundReport>;
  /** Local changes not sent yet. */
  pending(): Promise<number>;
  locks: LockManagerLike;
  online(): boolean;
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export interface SyncLoopOptions {
  intervalMs?: number;
  /** How long after a local change the round starts (changes in a burst go together). */
  changeDelayMs?: number;
  lockName?: string;
}

export class SyncLoop {
  readonly #env: SyncLoopEnv;
  readonly #interval: number;
  readonly #changeDelay: number;
  readonly #lockName: string;
  #status: SyncStatus = { state: 'off', lastSyncedAt: null, problem: null, message: null, pending: 0 };
  #listeners = new Set<(s: SyncStatus) => void>();
  #leader = false;
  #paused = false;
  #stopped = true;
  #failures = 0;
  #timer: unknown;
  #running: Promise<void> | null = null;
  #release: (() => void) | null = null;

  constructor(env: SyncLoopEnv, opts: SyncLoopOptions = {}) {
    this.#env = env;
    this.#interval = opts.intervalMs ?? 60_000;
    this.#changeDelay = opts.changeDelayMs ?? 2_000;
    this.#lockName = opts.lockName ?? SYNC_LOCK;
  }

  get status(): SyncStatus {
    return this.#status;
  }

  onStatus(fn: (s: SyncStatus) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #set(patch: Partial<SyncStatus>): void {
    this.#status = { ...this.#status, ...patch };
    for (const fn of this.#listeners) fn(this.#status);
  }

  /** Waits for this tab's turn (the lock), then syncs until stopped. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#set({ state: 'other-tab' });
    void this.#env.locks.request(this.#lockName, () =>
      new Promise<void>((release) => {
        if (this.#stopped) return release();
        this.#release = release;
        this.#leader = true;
        this.#set({ state: this.#paused ? 'paused' : 'ok' });
        this.#schedule(0);
      }),
    );
  }

  /** Stops syncing and lets another tab take over. */
  stop(): void {
    this.#stopped = true;
    this.#leader = false;
    this.#env.clearTimer(this.#timer);
    this.#release?.();
    this.#release = null;
    this.#set({ state: 'off' });
  }

  pause(): void {
    this.#paused = true;
    this.#env.clearTimer(this.#timer);
    if (this.#leader) this.#set({ state: 'paused' });
  }

  resume(): void {
    this.#paused = false;
    if (this.#leader) {
      this.#set({ state: 'ok' });
      this.#schedule(0);
    }
  }

  /** A local change was made: send it soon. */
  changed(): void {
    this.#schedule(this.#changeDelay);
  }

  /** The browser is back online. */
  reconnected(): void {
    this.#schedule(0);
  }

  wentOffline(): void {
    this.#env.clearTimer(this.#timer);
    void this.#refreshPending({ problem: 'offline', message: describeSyncError(null, false).message });
  }

  /** Runs a round now (or joins the one running) and resolves when it has finished. */
  async syncNow(): Promise<SyncStatus> {
    if (!this.#leader || this.#paused) return this.#status;
    this.#env.clearTimer(this.#timer);
    this.#running ??= this.#round().finally(() => (this.#running = null));
    await this.#running;
    return this.#status;
  }

  #schedule(ms: number): void {
    if (!this.#leader || this.#paused || this.#stopped) return;
    this.#env.clearTimer(this.#timer);
    this.#timer = this.#env.setTimer(() => void this.syncNow(), ms);
  }

  async #refreshPending(patch: Partial<SyncStatus>): Promise<void> {
    const pending = await this.#env.pending().catch(() => this.#status.pending);
    this.#set({ ...patch, pending });
  }

  async #round(): Promise<void> {
    if (!this.#env.online()) return this.wentOffline();
    this.#set({ state: 'syncing' });
    try {
      await this.#env.round();
      this.#failures = 0;
      await this.#refreshPending({ state: this.#paused ? 'paused' : 'ok', lastSyncedAt: this.#env.now(), problem: null, message: null });
      this.#schedule(this.#interval);
    } catch (e) {
      this.#failures++;
      const { problem, message } = describeSyncError(e, this.#env.online());
      await this.#refreshPending({ state: this.#paused ? 'paused' : 'failing', problem, message });
      // A wrong passphrase or a damaged object will not mend by itself: wait for the person.
      if (problem !== 'passphrase' && problem !== 'corrupt' && problem !== 'offline')
        this.#schedule(Math.min(MAX_BACKOFF_MS, this.#interval * 2 ** (this.#failures - 1)));
    }
  }
}
