/**
 * Libraries for the library and collections browser tests and benchmarks: a database made in
 * Node by the real migrations and repository code, with as many books as wanted (files only for
 * the few that are opened), written into a fresh context's OPFS before the app first opens it.
 * Large files travel by a routed fetch, not through page.evaluate arguments.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { openSqlJs } from '../../src/db/openSqlJs';
import type { SqlJsDb } from '../../src/db/SqlJsDb';
import { migrate } from '../../src/db/migrate';
import { loadMigrations } from '../../src/db/loadMigrations';
import { insertUser } from '../../src/db/queries/users';
import { insertBook } from '../../src/db/queries/books';
import { setSetting } from '../../src/db/queries/settings';
import { hashPassword } from '../../src/domain/passwords';
import { DEFAULT_ADMIN, type Book, type FileType, type Role } from '../../src/domain/types';
import { baseUrl } from './browser';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export interface LibraryBook {
  title: string;
  author?: string | null;
  /** A file of tests/fixtures/ copied to OPFS imported/<path>, so the book really opens. */
  fixture?: string;
  fileType?: FileType;
  path?: string;
  addedAt?: number;
  /** A cover thumbnail drawn in the browser (covers/<hash>.webp), in this colour. */
  cover?: string;
}

export interface LibraryUser {
  email: string;
  password: string;
  displayName: string;
  role: Role;
}

export interface BuiltLibrary {
  bytes: Uint8Array;
  books: Book[];
  users: Record<string, string>;
  files: { path: string; bytes: Buffer }[];
  covers: { path: string; color: string; title: string }[];
}

/** A new catalogue, every migration applied, with the default admin (first-run change done). */
export async function catalogueWithAdmin(adminPassword: string): Promise<SqlJsDb> {
  const db = await openSqlJs();
  await migrate(db, loadMigrations());
  await insertUser(db, {
    id: DEFAULT_ADMIN.id,
    email: DEFAULT_ADMIN.email,
    displayName: DEFAULT_ADMIN.displayName,
    role: 'admin',
    passwordHash: await hashPassword(adminPassword, 4),
  });
  return db;
}

/** The database: default admin (first-run change done) plus users and books. */
export async function buildLibrary(
  opts: { books?: LibraryBook[]; users?: LibraryUser[]; adminPassword?: string; extra?: (db: SqlJsDb, users: Record<string, string>) => Promise<void> } = {},
): Promise<BuiltLibrary> {
  const db = await catalogueWithAdmin(opts.adminPassword ?? 'admin-password-1');
  const users: Record<string, string> = { [DEFAULT_ADMIN.email]: DEFAULT_ADMIN.id };
  for (const u of opts.users ?? []) {
    const row = await insertUser(db, { email: u.email, displayName: u.displayName, role: u.role, passwordHash: await hashPassword(u.password, 4) });
    users[u.email] = row.id;
  }
  const books: Book[] = [];
  const files: BuiltLibrary['files'] = [];
  const covers: BuiltLibrary['covers'] = [];
  let t = 1_750_000_000;
  for (const [i, b] of (opts.books ?? []).entries()) {
    const bytes = b.fixture ? readFileSync(join(FIXTURES, b.fixture)) : Buffer.from(`book ${i} ${b.title}`);
    const fileType = b.fileType ?? (b.fixture?.endsWith('.epub') ? 'epub' : 'pdf');
    const path = b.path ?? `books/${i}-${b.title.replace(/[^\w]+/g, '-').slice(0, 40)}.${fileType}`;
    // Same fixture twice is allowed: the hash (unique) includes the path.
    const hash = createHash('sha256').update(bytes).update(path).digest('hex');
    const coverPath = b.cover ? `covers/${hash}.webp` : null;
    books.push(
      await insertBook(db, { title: b.title, author: b.author ?? null, fileType, filePath: path, fileSize: bytes.length, fileHash: hash, addedAt: b.addedAt ?? t++, coverPath }),
    );
    if (b.fixture) files.push({ path, bytes });
    if (b.cover && coverPath) covers.push({ path: coverPath, color: b.cover, title: b.title });
  }
  if (files.length) await setSetting(db, 'local_mode', 'import');
  await opts.extra?.(db, users);
  const out = db.raw.export();
  await db.close();
  return { bytes: out, books, users, files, covers };
}

/** Writes a built library into the context's OPFS. Call before any page of the context loads the app. */
export async function installLibrary(context: BrowserContext, lib: Pick<BuiltLibrary, 'bytes' | 'files' | 'covers'>): Promise<void> {
  const base = baseUrl();
  const blobs = new Map<string, Buffer>([['/__seed/db', Buffer.from(lib.bytes)]]);
  lib.files.forEach((f, i) => blobs.set(`/__seed/file/${i}`, f.bytes));
  await context.route(`${base}/__seed/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/__seed/page') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>seed</title>' });
    const body = blobs.get(path);
    return body ? route.fulfill({ body, contentType: 'application/octet-stream' }) : route.fulfill({ status: 404 });
  });
  const page = await context.newPage();
  await page.goto(`${base}/__seed/page`);
  await page.evaluate(
    async ({ files, covers }) => {
      const root = await navigator.storage.getDirectory();
      const write = async (path: string, data: Blob | ArrayBuffer) => {
        const parts = path.split('/');
        let dir = root;
        for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
        const w = await (await dir.getFileHandle(parts[parts.length - 1]!, { create: true })).createWritable();
        await w.write(data);
        await w.close();
      };
      await write('library.db', await (await fetch('/__seed/db')).arrayBuffer());
      for (const [i, f] of files.entries()) await write(`imported/${f}`, await (await fetch(`/__seed/file/${i}`)).arrayBuffer());
      // Thumbnails like the ingestion's: 300 px wide WebP.
      for (const c of covers) {
        const canvas = new OffscreenCanvas(300, 450);
        const g = canvas.getContext('2d')!;
        const grad = g.createLinearGradient(0, 0, 300, 450);
        grad.addColorStop(0, c.color);
        grad.addColorStop(1, '#111');
        g.fillStyle = grad;
        g.fillRect(0, 0, 300, 450);
        g.fillStyle = 'rgba(255,255,255,0.9)';
        g.fillRect(24, 60, 252, 4);
        g.font = 'bold 30px serif';
        const words = c.title.split(' ');
        let line = '';
        let y = 120;
        for (const w of words) {
          if (g.measureText(line + w).width > 240) {
            g.fillText(line, 24, y);
            line = '';
            y += 38;
          }
          line += w + ' ';
        }
        g.fillText(line, 24, y);
        g.fillRect(24, y + 24, 120, 2);
        await write(c.path, await canvas.convertToBlob({ type: 'image/webp', quality: 0.85 }));
      }
    },
    { files: lib.files.map((f) => f.path), covers: lib.covers },
  );
  await page.close();
  await context.unroute(`${base}/__seed/**`);
}
