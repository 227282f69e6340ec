/**
 * The picked folder's handle, kept in IndexedDB (handles are structured-cloneable; the
 * database can only hold its name). Permission to read it is the browser's to keep: after a
 * restart it is usually 'prompt' again, and only a click can turn it back to 'granted'.
 */
import { del, get, set } from 'idb-keyval';

const KEY = 'alex-folder-handle';

export async function saveFolderHandle(handle: FileSystemDirectoryHandle): Promise<void> {
  await set(KEY, handle);
}

export async function loadFolderHandle(): Promise<FileSystemDirectoryHandle | undefined> {
  try {
    return await get<FileSystemDirectoryHandle>(KEY);
  } catch {
    return undefined; // IndexedDB unavailable (private window): as if no folder was chosen
  }
}

export async function clearFolderHandle(): Promise<void> {
  await del(KEY);
}

export type FolderPermission = 'granted' | 'prompt' | 'denied';

interface PermissionHandle {
  queryPermission?(d: { mode: 'read' }): Promise<PermissionState>;
  requestPermission?(d: { mode: 'read' }): Promise<PermissionState>;
}

/** Read permission now, without asking. Handles without the methods (OPFS in old browsers) are always readable. */
export async function queryFolderPermission(handle: FileSystemDirectoryHandle): Promise<FolderPermission> {
  const h = handle as unknown as PermissionHandle;
  return h.queryPermission ? h.queryPermission({ mode: 'read' }) : 'granted';
}

/** Asks the user (needs a click: call from an event handler). */
export async function requestFolderPermission(handle: FileSystemDirectoryHandle): Promise<FolderPermission> {
  const h = handle as unknown as PermissionHandle;
  if (!h.requestPermission) return 'granted';
  try {
    return await h.requestPermission({ mode: 'read' });
  } catch {
    return 'denied';
  }
}

export function canPickFolder(): boolean {
  return typeof (globalThis as { showDirectoryPicker?: unknown }).showDirectoryPicker === 'function';
}

/** Opens the browser's folder picker; undefined when the user closes it. */
export async function pickFolder(): Promise<FileSystemDirectoryHandle | undefined> {
  const picker = (globalThis as unknown as { showDirectoryPicker(o: { id?: string; mode?: 'read' }): Promise<FileSystemDirectoryHandle> }).showDirectoryPicker;
  try {
    return await picker({ id: 'alex-books', mode: 'read' });
  } catch (e) {
    if ((e as { name?: string })?.name === 'AbortError') return undefined;
    throw e;
  }
}
