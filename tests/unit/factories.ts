import type { Db } from '../../src/db/Db';
import { insertBook } from '../../src/db/queries/books';
import { insertUser } from '../../src/db/queries/users';
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
