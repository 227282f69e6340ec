import type { Db } from '../db/Db';

/** Where a book's rows are in text_sections: the rowids base .. base + rowCount - 1. */
export interface BookRows {
  no: number;
  base: number;
  rowCount: number;
}

/**
 * The sections of each row of these books (row i of a book holds the sections list[i], in
 * order). Stored as text: rows apart by ',', a row's sections by '+'.
 */
export async function bookSections(db: Db, nos: number[]): Promise<Map<number, number[][]>> {
  if (!nos.length) return new Map();
  const rows = await db.all<{ no: number; sections: string }>(
    `SELECT no, sections FROM text_book_rows WHERE no IN (${nos.map(() => '?').join(',')})`,
    nos,
  );
  return new Map(rows.map((r) => [r.no, r.sections ? r.sections.split(',').map((row) => row.split('+').map(Number)) : []]));
}

/** The book of `books` (sorted by base) that holds the row, if any. */
export function bookOfRow<B extends BookRows>(books: B[], rowid: number): B | undefined {
  let lo = 0;
  let hi = books.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = books[mid]!;
    if (rowid < b.base) hi = mid - 1;
    else if (rowid >= b.base + b.rowCount) lo = mid + 1;
    else return b;
  }
  return undefined;
}

/** The last rowid of a book (its base - 1 when it has no rows). */
export const lastRow = (b: BookRows): number => b.base + b.rowCount - 1;
