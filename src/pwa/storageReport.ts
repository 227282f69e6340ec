import { api } from '../data/sessionClient';

export interface StorageReport {
  persisted: boolean | null;
  databaseBytes: number;
  coverBytes: number;
  /** Books copied into this browser: folder imports and S3 books kept for offline reading. */
  offlineBytes: number;
  usage: number | null;
  quota: number | null;
}

async function directorySize(dir: FileSystemDirectoryHandle): Promise<number> {
  let total = 0;
  for await (const entry of (dir as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) {
    if (entry.kind === 'file') total += (await (entry as FileSystemFileHandle).getFile()).size;
    else total += await directorySize(entry as FileSystemDirectoryHandle);
  }
  return total;
}

async function opfsDirSize(name: string): Promise<number> {
  try {
    const root = await navigator.storage.getDirectory();
    return await directorySize(await root.getDirectoryHandle(name));
  } catch {
    return 0; // not created yet
  }
}

/** What Admin → Library shows about this browser's storage. */
export async function storageReport(): Promise<StorageReport> {
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  const [databaseBytes, coverBytes, imported, offline] = await Promise.all([
    api.databaseSize(),
    opfsDirSize('covers'),
    opfsDirSize('imported'),
    opfsDirSize('offline'),
  ]);
  return {
    persisted: navigator.storage?.persisted ? await navigator.storage.persisted() : null,
    databaseBytes,
    coverBytes,
    offlineBytes: imported + offline,
    usage: estimate?.usage ?? null,
    quota: estimate?.quota ?? null,
  };
}

export function formatBytes(n: number | null): string {
  if (n == null) return 'unknown';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) (v /= 1000), i++;
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
