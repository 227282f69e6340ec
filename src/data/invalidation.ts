import { CHANGES_CHANNEL, type ChangeEvent } from '../db/api';

/**
 * The page's side of live updates. After a committed write the database worker posts
 * {libraryVersion, tables} on CHANGES_CHANNEL; every tab hears it, this one included (its page
 * and its worker hold different channel objects). Lists subscribe with the tables they show and
 * refresh in place.
 */
type Listener = { tables: readonly string[]; fn: (e: ChangeEvent) => void };

let channel: BroadcastChannel | undefined;
const listeners = new Set<Listener>();
let lastVersion = -1;

function ensureChannel() {
  if (channel) return;
  channel = new BroadcastChannel(CHANGES_CHANNEL);
  channel.onmessage = (m: MessageEvent<ChangeEvent>) => {
    const e = m.data;
    if (!e || !Array.isArray(e.tables)) return;
    lastVersion = Math.max(lastVersion, Number(e.libraryVersion) || 0);
    for (const l of [...listeners]) if (e.tables.some((t) => l.tables.includes(t))) l.fn(e);
  };
}

/**
 * Calls `fn` when any tab changed one of `tables`. Bursts (a scan writes a batch every few
 * hundred milliseconds) are coalesced: at most one call per `waitMs`. Returns the unsubscribe.
 */
export function onChanges(tables: readonly string[], fn: () => void, waitMs = 300): () => void {
  ensureChannel();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let again = false;
  const fire = () => {
    timer = undefined;
    fn();
    if (again) {
      again = false;
      timer = setTimeout(fire, waitMs);
    }
  };
  const l: Listener = {
    tables,
    fn: () => {
      if (timer) again = true;
      else timer = setTimeout(fire, 0);
    },
  };
  listeners.add(l);
  return () => {
    listeners.delete(l);
    if (timer) clearTimeout(timer);
  };
}

/** The newest library_version heard on the channel (-1 before any). */
export function heardLibraryVersion(): number {
  return lastVersion;
}

/** Tables whose changes alter what the library grid and shelves show. */
export const LIBRARY_TABLES = ['books', 'reading_progress', 'collection_books', 'collections'] as const;
