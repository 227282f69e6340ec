/**
 * Book bytes, wherever the book lives: the one place that resolves a book row to a File/Blob,
 * for the readers, the share view and covers alike. Nothing is read here: a File from OPFS or
 * from the picked folder is a handle on disk, and readers slice it (pdf.js range reads).
 *
 * - local books, folder mode: `file_path` walked from the picked folder's handle (kept in
 *   IndexedDB by src/ingest/folderStore.ts). The browser may have dropped the read permission
 *   since the folder was picked: then FOLDER_PERMISSION, and the UI offers requestFolderAccess()
 *   from a click (requestPermission needs a user gesture).
 * - local books, import mode: OPFS `imported/<file_path>`.
 * - other sources (S3): registered by their module with registerBookSource(), so the readers
 *   never import an SDK they do not need.
 */
import { AppError, isAppError } from '../domain/errors';
import type { Book, BookSource } from '../domain/types';
import { loadFolderHandle, queryFolderPermission, requestFolderPermission } from './folderStore';

export type BookFileRef = Pick<Book, 'id' | 'filePath' | 'source' | 'fileType' | 'fileSize' | 's3Bucket'> & Partial<Pick<Book, 'onDevice'>>;

export interface OpenOptions {
  /** settings.local_mode when known; otherwise OPFS copies are tried first, then the folder. */
  localMode?: 'folder' | 'import' | null;
  /** Work in the background (the text index): never ask for the folder's permission, which needs the user's click. */
  background?: boolean;
}

export type SourceOpener = (book: BookFileRef) => Promise<File | Blob>;

export const MISSING_FILE_MESSAGE = 'This file is no longer in your folder — reconnect or rescan';
export const FOLDER_PERMISSION_MESSAGE = 'Alex needs your permission to read your books folder again. Reconnect it to open this book.';
/** AppError.details.reason of a refused folder permission (the UI offers "Reconnect folder"). */
export const FOLDER_PERMISSION = 'folder-permission';
export const NOT_ON_DEVICE_MESSAGE = 'This book was added on another device, and this device’s books folder does not have its file.';
/** AppError.details.reason of a synced book whose file is only on another device (the UI offers a scan). */
export const NOT_ON_DEVICE = 'not-on-device';

const openers = new Map<BookSource, SourceOpener>();

/** Extension point for sources other than local files (the S3 module registers 's3'). */
export function registerBookSource(source: BookSource, open: SourceOpener): void {
  openers.set(source, open);
}

export async function openBookFile(book: BookFileRef, opts: OpenOptions = {}): Promise<File | Blob> {
  if (book.onDevice === false) throw new AppError('NOT_FOUND', NOT_ON_DEVICE_MESSAGE, { reason: NOT_ON_DEVICE });
  if (book.source && book.source !== 'local') {
    const open = openers.get(book.source);
    if (!open) throw new AppError('NOT_FOUND', 'Books from a bucket cannot be opened in this browser yet.', { source: book.source });
    return open(book);
  }
  const segments = pathSegments(book.filePath);
  const mode = opts.localMode ?? null;
  if (mode !== 'folder') {
    const copy = await openFrom(await importedRoot(), segments);
    if (copy) return copy;
  }
  if (mode !== 'import') {
    const folder = await loadFolder();
    if (folder) {
      if (!(await hasReadPermission(folder, !opts.background)))
        throw new AppError('FORBIDDEN', FOLDER_PERMISSION_MESSAGE, { reason: FOLDER_PERMISSION });
      const file = await openFrom(folder, segments);
      if (file) return file;
    }
  }
  throw new AppError('NOT_FOUND', MISSING_FILE_MESSAGE, { path: book.filePath });
}

/** Asks again for read access to the picked folder. Call it from a click handler. */
/** The error is a lapsed folder permission (the UI offers "Reconnect folder"). */
export function needsFolderAccess(e: unknown): boolean {
  return isAppError(e, 'FORBIDDEN') && e.details?.reason === FOLDER_PERMISSION;
}

export function isNotOnDevice(e: unknown): boolean {
  return isAppError(e, 'NOT_FOUND') && e.details?.reason === NOT_ON_DEVICE;
}

export async function requestFolderAccess(): Promise<boolean> {
  const folder = await loadFolder();
  return !!folder && (await requestFolderPermission(folder)) === 'granted';
}

/** '/'-separated, relative; '..' and empty segments are refused rather than resolved. */
export function pathSegments(path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (!parts.length || parts.some((p) => p === '..')) throw new AppError('NOT_FOUND', MISSING_FILE_MESSAGE, { path });
  return parts;
}

/** The file at `path` under `root` (a picked folder or OPFS), or undefined when it is not there. */
export async function fileUnder(root: FileSystemDirectoryHandle, path: string): Promise<File | undefined> {
  return openFrom(root, pathSegments(path));
}

async function openFrom(root: FileSystemDirectoryHandle | undefined, segments: string[]): Promise<File | undefined> {
  if (!root) return undefined;
  try {
    let dir = root;
    for (const name of segments.slice(0, -1)) dir = await dir.getDirectoryHandle(name);
    return await (await dir.getFileHandle(segments[segments.length - 1]!)).getFile();
  } catch (e) {
    if (isMissing(e)) return undefined;
    if (e instanceof DOMException && e.name === 'NotAllowedError')
      throw new AppError('FORBIDDEN', FOLDER_PERMISSION_MESSAGE, { reason: FOLDER_PERMISSION });
    throw e;
  }
}

function isMissing(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'NotFoundError' || e.name === 'TypeMismatchError' || e.name === 'TypeError');
}

async function importedRoot(): Promise<FileSystemDirectoryHandle | undefined> {
  try {
    return await (await navigator.storage.getDirectory()).getDirectoryHandle('imported');
  } catch {
    return undefined;
  }
}

async function hasReadPermission(handle: FileSystemDirectoryHandle, ask: boolean): Promise<boolean> {
  if ((await queryFolderPermission(handle)) === 'granted') return true;
  if (!ask) return false;
  // Granted when the click that opened the book still counts as a user gesture.
  return (await requestFolderPermission(handle)) === 'granted';
}

async function loadFolder(): Promise<FileSystemDirectoryHandle | undefined> {
  try {
    return await loadFolderHandle();
  } catch {
    return undefined;
  }
}
