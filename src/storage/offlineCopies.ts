import { createSignal } from 'solid-js';
import { entriesOf, opfsDir, removeOpfsEntry, writeOpfsFile } from './opfs';

/**
 * S3 books kept for offline reading: OPFS `offline/<bookId>.<pdf|epub>`. Named by book id so
 * the readers find a copy from the row alone; the poll drops a copy when its object changes.
 */
const DIR = 'offline';

const [offlineIds, setOfflineIds] = createSignal<ReadonlySet<string>>(new Set());
/** Book ids with a copy in this browser (for the "Downloaded for offline" mark). */
export { offlineIds };

export function offlinePath(bookId: string, fileType: 'pdf' | 'epub'): string {
  return `${DIR}/${bookId}.${fileType}`;
}

export async function readOfflineCopy(bookId: string, fileType: 'pdf' | 'epub'): Promise<File | null> {
  const dir = await opfsDir(DIR).catch(() => null);
  if (!dir) return null;
  try {
    return await (await dir.getFileHandle(`${bookId}.${fileType}`)).getFile();
  } catch {
    return null;
  }
}

export async function keepOfflineCopy(bookId: string, fileType: 'pdf' | 'epub', file: Blob): Promise<void> {
  await writeOpfsFile(offlinePath(bookId, fileType), file);
  setOfflineIds((s) => new Set(s).add(bookId));
}

export async function dropOfflineCopies(bookIds: string[]): Promise<void> {
  for (const id of bookIds) for (const t of ['pdf', 'epub'] as const) await removeOpfsEntry(offlinePath(id, t));
  setOfflineIds((s) => {
    const n = new Set(s);
    bookIds.forEach((id) => n.delete(id));
    return n;
  });
}

export interface OfflineUsage {
  count: number;
  bytes: number;
}

/** Re-reads which copies exist (and their size). */
export async function refreshOfflineCopies(): Promise<OfflineUsage> {
  const dir = await opfsDir(DIR).catch(() => null);
  const ids = new Set<string>();
  let bytes = 0;
  if (dir) {
    for await (const [name, h] of entriesOf(dir)) {
      const m = /^([0-9a-f-]{36})\.(pdf|epub)$/.exec(name);
      if (!m || h.kind !== 'file') continue;
      ids.add(m[1]!);
      bytes += (await (h as FileSystemFileHandle).getFile()).size;
    }
  }
  setOfflineIds(ids);
  return { count: ids.size, bytes };
}

/** "Free space": removes every offline copy (the books stay in the library, read from the bucket). */
export async function clearOfflineCopies(): Promise<void> {
  await removeOpfsEntry(DIR);
  setOfflineIds(new Set<string>());
}
