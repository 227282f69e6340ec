import * as SQLite from '@journeyapps/wa-sqlite';
import { MemoryVFS } from '@journeyapps/wa-sqlite/src/examples/MemoryVFS.js';
import { WaSqliteDb } from './WaSqliteDb';

type SQLiteAPI = ReturnType<typeof SQLite.Factory>;

interface MemFile {
  pathname: string;
  flags: number;
  size: number;
  data: ArrayBuffer;
}

export const MEMORY_VFS = 'alex-mem';

/**
 * Scratch database files held in memory (wa-sqlite's MemoryVFS), for export and restore: the
 * main connection reaches them by URI (`file:NAME?vfs=alex-mem`) with VACUUM INTO and ATTACH, so
 * no temporary file ever sits in OPFS next to the catalogue.
 */
export class MemoryFiles {
  private constructor(
    private readonly sqlite3: SQLiteAPI,
    private readonly vfs: MemoryVFS & { mapNameToFile: Map<string, MemFile> },
  ) {}

  static async create(sqlite3: SQLiteAPI, module: unknown): Promise<MemoryFiles> {
    const vfs = (await MemoryVFS.create(MEMORY_VFS, module)) as MemoryVFS & { mapNameToFile: Map<string, MemFile> };
    sqlite3.vfs_register(vfs as never, false);
    return new MemoryFiles(sqlite3, vfs);
  }

  /** The URI by which another connection ATTACHes or VACUUMs INTO this file. */
  uri(name: string): string {
    return `file:${encodeURIComponent(name)}?vfs=${MEMORY_VFS}`;
  }

  put(name: string, bytes: Uint8Array): void {
    const data = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(data).set(bytes);
    this.vfs.mapNameToFile.set(`/${name}`, {
      pathname: `/${name}`,
      flags: SQLite.SQLITE_OPEN_MAIN_DB | SQLite.SQLITE_OPEN_CREATE | SQLite.SQLITE_OPEN_READWRITE,
      size: bytes.byteLength,
      data,
    });
  }

  take(name: string): Uint8Array {
    const f = this.vfs.mapNameToFile.get(`/${name}`);
    if (!f) throw new Error(`No scratch file ${name}`);
    const out = new Uint8Array(f.data, 0, f.size).slice();
    this.remove(name);
    return out;
  }

  remove(name: string): void {
    this.vfs.mapNameToFile.delete(`/${name}`);
    this.vfs.mapNameToFile.delete(`/${name}-journal`);
  }

  async open(name: string): Promise<WaSqliteDb> {
    const handle = await this.sqlite3.open_v2(name, SQLite.SQLITE_OPEN_READWRITE | SQLite.SQLITE_OPEN_CREATE, MEMORY_VFS);
    const db = new WaSqliteDb(this.sqlite3, handle);
    await db.exec('PRAGMA foreign_keys = ON');
    return db;
  }
}
