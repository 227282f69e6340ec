import type { Db } from '../../src/db/Db';
import { putAnnotation } from '../../src/db/queries/annotations';
import { insertBook } from '../../src/db/queries/books';
import { insertUser } from '../../src/db/queries/users';
import type { Annotation } from '../../src/domain/annotations';
import type { Role } from '../../src/domain/types';

let n = 0;

/** A user with a throwaway (not bcrypt) hash: these tests are about rows, not passwords. */
export function makeUser(db: Db, role: Role = 'user', email = `user${++n}@example.org`) {
  return insertUser(db, { email, displayName: `User ${n}`, role, passwordHash: 'x' });
}

export function makeBook(db: Db, over: Partial<Parameters<typeof insertBook>[1]> = {}) {
  const i = ++n;
  return insertBook(db, {
    title: `Book ${i}`,
    fileType: 'pdf',
    filePath: `books/book-${i}.pdf`,
    fileSize: 1000 + i,
    // A real SHA-256 shape: a restore refuses books whose hash is not one.
    fileHash: Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join(''),
    ...over,
  });
}

/** A PDF highlight on page `page` (a fresh id unless given), written through the annotations' one writer. */
export async function makeAnnotation(db: Db, userId: string, bookId: string, over: Partial<Annotation> = {}): Promise<Annotation> {
  const hash = (await db.get<{ file_hash: string }>('SELECT file_hash FROM books WHERE id = ?', [bookId]))!.file_hash;
  const a: Annotation = {
    id: crypto.randomUUID(), userId, bookId, bookHash: hash, kind: 'highlight', color: 'yellow', note: null,
    anchor: { cfi: null, page: 3, quote: { exact: 'a linear model', prefix: 'We fit ', suffix: ' to' }, rects: [{ x: 72, y: 100, width: 80, height: 12 }], label: 'Page 3' },
    createdAt: 1_800_000_000, updatedAt: 1_800_000_000,
    ...over,
  };
  await putAnnotation(db, a);
  return a;
}
