import type { FileStat } from '../db/api';
import { entriesOf } from '../storage/opfs';

/** A book file found in the folder: its stat, and the File to read if it must be read. */
export interface ListedBook extends FileStat {
  file: File;
}

/** .pdf and .epub, whatever the case of the extension. */
export function isBookName(name: string): boolean {
  return /\.(pdf|epub)$/i.test(name);
}

/** Dot files and folders (.git, .Trash, ._resource forks, .alex-parked) are never books. */
export function isHidden(name: string): boolean {
  return name.startsWith('.');
}

/** Import paths come from the browser ("Books/Sub/a.pdf"): keep book files outside hidden folders. */
export function isImportableBookPath(path: string): boolean {
  const parts = path.split('/').filter(Boolean);
  return parts.length > 0 && !parts.some(isHidden) && isBookName(parts[parts.length - 1]!);
}

/** Symlink loops are not followed by the File System Access API, but a bound costs nothing. */
const MAX_DEPTH = 64;
/** getFile() calls in flight per folder: a stat each, cheap but not free on 10,000 files. */
const STAT_CONCURRENCY = 32;

/**
 * Lists the book files under a picked folder, recursively: path relative to the folder,
 * size and time (from getFile(), which reads no content). Never reads a file.
 */
export async function walkFolder(
  root: FileSystemDirectoryHandle,
  opts: { signal?: AbortSignal; onFound?: (count: number) => void } = {},
): Promise<ListedBook[]> {
  const found: ListedBook[] = [];
  const visit = async (dir: FileSystemDirectoryHandle, prefix: string, depth: number) => {
    opts.signal?.throwIfAborted();
    const files: [string, FileSystemFileHandle][] = [];
    const dirs: [string, FileSystemDirectoryHandle][] = [];
    for await (const [name, h] of entriesOf(dir)) {
      if (isHidden(name)) continue;
      if (h.kind === 'directory') dirs.push([name, h as FileSystemDirectoryHandle]);
      else if (isBookName(name)) files.push([name, h as FileSystemFileHandle]);
    }
    for (let i = 0; i < files.length; i += STAT_CONCURRENCY) {
      opts.signal?.throwIfAborted();
      const stats = await Promise.all(
        files.slice(i, i + STAT_CONCURRENCY).map(async ([name, h]) => {
          try {
            return { name, file: await h.getFile() };
          } catch {
            return null; // removed since it was listed: it simply is not there
          }
        }),
      );
      for (const s of stats) if (s) found.push({ path: prefix + s.name, size: s.file.size, mtime: s.file.lastModified, file: s.file });
      opts.onFound?.(found.length);
    }
    if (depth < MAX_DEPTH) for (const [name, d] of dirs) await visit(d, `${prefix}${name}/`, depth + 1);
  };
  await visit(root, '', 0);
  return found;
}
