import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { insertUser } from '../../src/db/queries/users';
import { insertBook } from '../../src/db/queries/books';
import { setSetting } from '../../src/db/queries/settings';
import { upsertProgress } from '../../src/db/queries/progress';
import { addBookToCollection, insertCollection } from '../../src/db/queries/collections';
import { hashPassword } from '../../src/domain/passwords';
import { DEFAULT_ADMIN, type Book, type Role } from '../../src/domain/types';
import { baseUrl } from './browser';
import { catalogueWithAdmin } from './libraryFixtures';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export interface SeedBook {
  /** A file in tests/fixtures/. */
  fixture: string;
  /** Path inside the imported folder; defaults to the fixture's name. */
  path?: string;
  title?: string;
  author?: string | null;
  description?: string | null;
  pageCount?: number | null;
  addedAt?: number;
}

export interface SeedUser {
  email: string;
  password: string;
  displayName: string;
  role: Role;
}

export interface SeedProgress {
  /** Index into `books`. */
  book: number;
  currentPage?: number | null;
  totalPages?: number | null;
  epubLocation?: string | null;
  percentComplete: number;
  status: 'not_started' | 'reading' | 'completed';
  lastReadAt?: number;
}

export interface SeedCollection {
  name: string;
  description?: string | null;
  /** Indexes into `books`. */
  books: number[];
}

export interface Seeded {
  adminPassword: string;
  books: Book[];
}

/**
 * Gives a fresh browser context a ready library before the app first opens it: a database made
 * in Node by the same migrations and repository code (as `npm run db:*` or a restore would), plus
 * the book files copied into OPFS `imported/` (the folder-import mode, local_mode = 'import').
 * The default admin's first-run password change is already done (password `adminPassword`).
 * Call it before any page of the context has loaded the app.
 */
export async function seedLibrary(
  context: BrowserContext,
  opts: {
    books?: SeedBook[];
    users?: SeedUser[];
    adminPassword?: string;
    /** The admin's reading progress and collections. */
    progress?: SeedProgress[];
    collections?: SeedCollection[];
  } = {},
): Promise<Seeded> {
  const adminPassword = opts.adminPassword ?? 'admin-password-1';
  const db = await catalogueWithAdmin(adminPassword);
  for (const u of opts.users ?? []) {
    await insertUser(db, { email: u.email, displayName: u.displayName, role: u.role, passwordHash: await hashPassword(u.password, 4) });
  }
  const files: { path: string; base64: string }[] = [];
  const books: Book[] = [];
  let t = 1_750_000_000;
  for (const b of opts.books ?? []) {
    const bytes = readFileSync(join(FIXTURES, b.fixture));
    const path = b.path ?? b.fixture;
    const fileType = b.fixture.toLowerCase().endsWith('.epub') ? 'epub' : 'pdf';
    books.push(
      await insertBook(db, {
        title: b.title ?? basename(b.fixture).replace(/\.[^.]+$/, ''),
        author: b.author ?? null,
        description: b.description ?? null,
        pageCount: b.pageCount ?? null,
        fileType,
        filePath: path,
        fileSize: bytes.length,
        fileHash: createHash('sha256').update(bytes).digest('hex'),
        addedAt: b.addedAt ?? t++,
      }),
    );
    files.push({ path, base64: bytes.toString('base64') });
  }
  if (books.length) await setSetting(db, 'local_mode', 'import');
  for (const p of opts.progress ?? []) {
    await upsertProgress(db, DEFAULT_ADMIN.id, books[p.book]!.id, {
      currentPage: p.currentPage ?? null,
      totalPages: p.totalPages ?? null,
      epubLocation: p.epubLocation ?? null,
      percentComplete: p.percentComplete,
      status: p.status,
      lastReadAt: p.lastReadAt ?? 1_760_000_000,
    });
  }
  for (const c of opts.collections ?? []) {
    const col = await insertCollection(db, DEFAULT_ADMIN.id, c.name, c.description ?? null);
    for (const i of c.books) await addBookToCollection(db, col.id, books[i]!.id);
  }
  const dbBase64 = Buffer.from(db.raw.export()).toString('base64');
  await db.close();

  const seedUrl = `${baseUrl()}/__seed`;
  await context.route(seedUrl, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>seed</title>' }));
  const page = await context.newPage();
  await page.goto(seedUrl);
  await page.evaluate(
    async ({ dbBase64, files }) => {
      const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const root = await navigator.storage.getDirectory();
      const write = async (dir: FileSystemDirectoryHandle, name: string, data: Uint8Array) => {
        const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
        await w.write(data as Uint8Array<ArrayBuffer>);
        await w.close();
      };
      await write(root, 'library.db', bytes(dbBase64));
      for (const f of files) {
        const parts = f.path.split('/');
        let dir = await root.getDirectoryHandle('imported', { create: true });
        for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
        await write(dir, parts[parts.length - 1]!, bytes(f.base64));
      }
    },
    { dbBase64, files },
  );
  await page.close();
  await context.unroute(seedUrl);
  return { adminPassword, books };
}
