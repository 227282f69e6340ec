import SQLiteESMFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite.mjs';
import * as SQLite from '@journeyapps/wa-sqlite';
import { OPFSCoopSyncVFS } from '@journeyapps/wa-sqlite/src/examples/OPFSCoopSyncVFS.js';
import wasmUrl from '@journeyapps/wa-sqlite/dist/wa-sqlite.wasm?url';
import { AppError, isOutOfSpace } from '../domain/errors';
import { WaSqliteDb } from './WaSqliteDb';
import { MemoryFiles } from './MemoryFiles';
import { assertOpfs } from '../storage/assertOpfs';

export const DB_FILE = 'library.db';

type VfsWrites = {
  lastError: unknown;
  jWrite(fileId: number, data: Uint8Array, offset: number): number;
  jTruncate(fileId: number, size: number): number;
};

/**
 * Out of quota, Chromium's sync access handle neither throws QuotaExceededError nor writes the
 * whole buffer (write() returns a bogus count), and OPFSCoopSyncVFS reports that "short write"
 * as SQLITE_IOERR_WRITE: the user would read "disk I/O error". SQLite's own unix VFS answers
 * a short write with SQLITE_FULL, and so does this: SQLite then rolls back cleanly and says
 * "database or disk is full", which src/db/errors.ts turns into QUOTA_EXCEEDED.
 */
function reportFullStorage(vfs: VfsWrites): void {
  const full = () => {
    const e = vfs.lastError as { name?: string; message?: string } | null;
    return e?.name === 'QuotaExceededError' || e?.message === 'short write';
  };
  const write = vfs.jWrite.bind(vfs);
  const truncate = vfs.jTruncate.bind(vfs);
  vfs.jWrite = (fileId, data, offset) => {
    const rc = write(fileId, data, offset);
    return rc === SQLite.SQLITE_IOERR_WRITE && full() ? SQLite.SQLITE_FULL : rc;
  };
  vfs.jTruncate = (fileId, size) => {
    const rc = truncate(fileId, size);
    return rc === SQLite.SQLITE_IOERR_TRUNCATE && full() ? SQLite.SQLITE_FULL : rc;
  };
}

/**
 * The VFS. Each tab's VFS first makes its own directory of temporary files; on a full disk that
 * fails (a new file needs room, an existing one does not), and a second tab could not open the
 * library at all. The catalogue never uses those files (temp_store = MEMORY below), so the VFS
 * then starts without them.
 */
async function createVfs(module: unknown): Promise<OPFSCoopSyncVFS> {
  try {
    return await OPFSCoopSyncVFS.create('opfs', module);
  } catch (e) {
    if (!isOutOfSpace(e)) throw e;
    const Bare = OPFSCoopSyncVFS as unknown as new (name: string, module: unknown) => OPFSCoopSyncVFS & { isReady(): Promise<boolean> };
    const vfs = new Bare('opfs', module);
    await vfs.isReady();
    return vfs;
  }
}

/**
 * Opens the catalogue in OPFS with the synchronous wa-sqlite build and OPFSCoopSyncVFS: it needs
 * no COOP/COEP headers, and its access handles are handed between tabs cooperatively.
 */
export async function openOpfsDb(file = DB_FILE): Promise<{ db: WaSqliteDb; scratch: MemoryFiles }> {
  await assertOpfs();
  try {
    const module = await SQLiteESMFactory({ locateFile: () => wasmUrl });
    const sqlite3 = SQLite.Factory(module);
    const vfs = await createVfs(module);
    reportFullStorage(vfs as unknown as VfsWrites);
    sqlite3.vfs_register(vfs as never, true);
    const scratch = await MemoryFiles.create(sqlite3, module);
    // URI filenames let export and restore reach the in-memory scratch files by `?vfs=`.
    const handle = await sqlite3.open_v2(file, SQLite.SQLITE_OPEN_CREATE | SQLite.SQLITE_OPEN_READWRITE | SQLite.SQLITE_OPEN_URI);
    const db = new WaSqliteDb(sqlite3, handle);
    await db.exec('PRAGMA foreign_keys = ON');
    // SQLite's default page cache (2 MB) is smaller than the indexes a library of 100,000 books
    // walks (sort orders, search words): every query re-read them from OPFS. 32 MB keeps them.
    await db.exec('PRAGMA cache_size = -32768');
    // Statement journals, sorts and temporary tables in memory, never in OPFS files: they then
    // need no room on disk (a write that frees space must work when the disk is full).
    await db.exec('PRAGMA temp_store = MEMORY');
    return { db, scratch };
  } catch (e) {
    if (isOutOfSpace(e))
      throw new AppError('QUOTA_EXCEEDED', 'Not enough storage space to open the library: this browser has no room left on this device. Nothing was lost. Free up some space, then reload the page.', undefined, { cause: e });
    throw new AppError('DB_OPEN_FAILED', `The library database could not be opened: ${e instanceof Error ? e.message : String(e)}`, undefined, {
      cause: e,
    });
  }
}
