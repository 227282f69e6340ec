import SQLiteESMFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite.mjs';
import * as SQLite from '@journeyapps/wa-sqlite';
import { OPFSCoopSyncVFS } from '@journeyapps/wa-sqlite/src/examples/OPFSCoopSyncVFS.js';
import wasmUrl from '@journeyapps/wa-sqlite/dist/wa-sqlite.wasm?url';
import { AppError } from '../domain/errors';
import { WaSqliteDb } from './WaSqliteDb';
import { MemoryFiles } from './MemoryFiles';
import { assertOpfs } from '../lib/assertOpfs';

export const DB_FILE = 'library.db';

/**
 * Opens the catalogue in OPFS with the synchronous wa-sqlite build and OPFSCoopSyncVFS: it needs
 * no COOP/COEP headers, and its access handles are handed between tabs cooperatively.
 */
export async function openOpfsDb(file = DB_FILE): Promise<{ db: WaSqliteDb; scratch: MemoryFiles }> {
  await assertOpfs();
  try {
    const module = await SQLiteESMFactory({ locateFile: () => wasmUrl });
    const sqlite3 = SQLite.Factory(module);
    sqlite3.vfs_register((await OPFSCoopSyncVFS.create('opfs', module)) as never, true);
    const scratch = await MemoryFiles.create(sqlite3, module);
    // URI filenames let export and restore reach the in-memory scratch files by `?vfs=`.
    const handle = await sqlite3.open_v2(file, SQLite.SQLITE_OPEN_CREATE | SQLite.SQLITE_OPEN_READWRITE | SQLite.SQLITE_OPEN_URI);
    const db = new WaSqliteDb(sqlite3, handle);
    await db.exec('PRAGMA foreign_keys = ON');
    // SQLite's default page cache (2 MB) is smaller than the indexes a library of 100,000 books
    // walks (sort orders, search words): every query re-read them from OPFS. 32 MB keeps them.
    await db.exec('PRAGMA cache_size = -32768');
    return { db, scratch };
  } catch (e) {
    throw new AppError('DB_OPEN_FAILED', `The library database could not be opened: ${e instanceof Error ? e.message : String(e)}`, undefined, {
      cause: e,
    });
  }
}
