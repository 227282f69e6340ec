/**
 * Small OPFS helpers for ingestion: covers (covers/<hash>.webp) and imported copies
 * (imported/<relative path>). Paths are relative to the OPFS root, '/'-separated. Work in the
 * page and in workers.
 */

/** Directory iteration is in lib.dom.asynciterable, which the project's lib list leaves out. */
export type DirEntries = AsyncIterable<[string, FileSystemHandle]>;
export function entriesOf(dir: FileSystemDirectoryHandle): DirEntries {
  return (dir as unknown as { entries(): DirEntries }).entries();
}

export function isNotFound(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === 'NotFoundError' || name === 'TypeMismatchError';
}

export async function opfsRoot(): Promise<FileSystemDirectoryHandle> {
  return navigator.storage.getDirectory();
}

/** The directory at `path` (parts joined by '/'); null if missing and not `create`. */
export async function opfsDir(path: string, create = false, root?: FileSystemDirectoryHandle): Promise<FileSystemDirectoryHandle | null> {
  let dir = root ?? (await opfsRoot());
  for (const part of path.split('/').filter(Boolean)) {
    try {
      dir = await dir.getDirectoryHandle(part, { create });
    } catch (e) {
      if (!create && isNotFound(e)) return null;
      throw e;
    }
  }
  return dir;
}

function split(path: string): { dir: string; name: string } {
  const i = path.lastIndexOf('/');
  return { dir: i < 0 ? '' : path.slice(0, i), name: path.slice(i + 1) };
}

type SyncHandle = { truncate(n: number): void; write(b: BufferSource, o: { at: number }): number; flush(): void; close(): void };

/**
 * Writes a file, streaming (never the whole blob in memory). createWritable writes to a swap
 * file and swaps on close, so a tab killed halfway leaves the old file or none, never half a
 * file. Where only sync access handles exist (Safari, in workers) the write is in place.
 */
export async function writeOpfsFile(path: string, data: Blob): Promise<void> {
  const { dir, name } = split(path);
  const parent = (await opfsDir(dir, true))!;
  // A file this call creates is removed again if the write fails (out of space, most likely):
  // an empty cover or copy would otherwise look like a real one.
  let created = false;
  let handle: FileSystemFileHandle;
  try {
    handle = await parent.getFileHandle(name);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    handle = await parent.getFileHandle(name, { create: true });
    created = true;
  }
  try {
    await writeHandle(handle, data);
  } catch (e) {
    if (created) await parent.removeEntry(name).catch(() => {});
    throw e;
  }
}

async function writeHandle(handle: FileSystemFileHandle, data: Blob): Promise<void> {
  if ('createWritable' in handle) {
    const w = await handle.createWritable();
    try {
      await data.stream().pipeTo(w);
    } catch (e) {
      await w.abort().catch(() => {});
      throw e;
    }
    return;
  }
  const sync = (await (handle as unknown as { createSyncAccessHandle(): Promise<SyncHandle> }).createSyncAccessHandle()) as SyncHandle;
  try {
    sync.truncate(0);
    let at = 0;
    const reader = data.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const n = sync.write(value, { at });
      // Out of quota, Chromium's write() returns a bogus count instead of throwing.
      if (n !== value.byteLength) throw new DOMException('Not enough storage space.', 'QuotaExceededError');
      at += n;
    }
    sync.flush();
  } finally {
    sync.close();
  }
}

/** Whether a file is there (false when it or its directory is missing). */
export async function opfsFileExists(path: string): Promise<boolean> {
  const { dir, name } = split(path);
  const parent = await opfsDir(dir);
  if (!parent) return false;
  try {
    await parent.getFileHandle(name);
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/** Removes a file or directory (recursively); missing is fine. */
export async function removeOpfsEntry(path: string): Promise<void> {
  const { dir, name } = split(path);
  const parent = await opfsDir(dir);
  if (!parent) return;
  try {
    await parent.removeEntry(name, { recursive: true });
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

/** Every file under a directory, as paths relative to it (no stat: cheap on 100,000 covers). */
export async function listOpfsFiles(dir: FileSystemDirectoryHandle, prefix = ''): Promise<{ path: string; handle: FileSystemFileHandle }[]> {
  const out: { path: string; handle: FileSystemFileHandle }[] = [];
  for await (const [name, h] of entriesOf(dir)) {
    if (h.kind === 'directory') out.push(...(await listOpfsFiles(h as FileSystemDirectoryHandle, `${prefix}${name}/`)));
    else out.push({ path: prefix + name, handle: h as FileSystemFileHandle });
  }
  return out;
}

/** Time stamp (ms) of a file, or null if it is gone. */
export async function lastModified(h: FileSystemFileHandle): Promise<number | null> {
  try {
    return (await h.getFile()).lastModified;
  } catch {
    return null;
  }
}
