import type { ProgressStore, SavedPosition, SaveState } from './types';

/**
 * A store that never blocks a page turn: save() only records the newest position; one write is
 * in flight at a time, and when it ends the newest pending position (if any) is written next.
 * A burst of 50 turns is two writes, in order, and the last one is the last position.
 */
export function coalescingStore(opts: {
  load(): Promise<SavedPosition | null>;
  write(p: SavedPosition): Promise<unknown>;
  onError?(e: unknown): void;
  /** 'saving' while writes are in flight, then 'saved' or 'error' (for a quiet indicator). */
  onState?(s: SaveState): void;
}): ProgressStore {
  let pending: SavedPosition | null = null;
  let running: Promise<void> | null = null;

  const pump = async () => {
    opts.onState?.('saving');
    let failed = false;
    while (pending) {
      const p = pending;
      pending = null;
      try {
        await opts.write(p);
        failed = false;
      } catch (e) {
        failed = true;
        opts.onError?.(e);
      }
    }
    running = null;
    opts.onState?.(failed ? 'error' : 'saved');
  };

  return {
    load: opts.load,
    save(p) {
      pending = p;
      running ??= pump();
    },
    async flush() {
      while (running) await running;
    },
  };
}

/** Progress kept in this browser, for the public share page: `shared-progress:<token>:<bookId>`. */
export function localProgressStore(shareToken: string, bookId: string): ProgressStore {
  const key = `shared-progress:${shareToken}:${bookId}`;
  return {
    async load() {
      try {
        const raw = localStorage.getItem(key);
        return raw ? (JSON.parse(raw) as { position: SavedPosition }).position ?? null : null;
      } catch {
        return null;
      }
    },
    save(p) {
      // localStorage is synchronous and small: no need to coalesce.
      try {
        localStorage.setItem(key, JSON.stringify({ position: p, savedAt: Date.now() }));
      } catch {
        /* storage full or disabled: reading goes on without a saved place */
      }
    },
    async flush() {},
  };
}

