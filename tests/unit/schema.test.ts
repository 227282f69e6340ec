import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/Db';
import { engines, openMigrated } from './engines';

async function columns(db: Db, table: string) {
  const rows = await db.all<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>(
    `PRAGMA table_info(${table})`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, { type: r.type, notnull: Number(r.notnull), dflt: r.dflt_value, pk: Number(r.pk) }]));
}

async function indexes(db: Db, table: string) {
  const list = await db.all<{ name: string; unique: number }>(`PRAGMA index_list(${table})`);
  const out: Record<string, { unique: boolean; cols: string[] }> = {};
  for (const ix of list) {
    const cols = await db.all<{ name: string }>(`PRAGMA index_info(${ix.name})`);
    out[ix.name] = { unique: !!Number(ix.unique), cols: cols.map((c) => c.name) };
  }
  return out;
}

async function foreignKeys(db: Db, table: string) {
  const rows = await db.all<{ table: string; from: string; to: string; on_delete: string }>(`PRAGMA foreign_key_list(${table})`);
  return rows.map((r) => `${r.from}->${r.table}.${r.to} ${r.on_delete}`).sort();
}

function hasIndexOn(ix: Record<string, { unique: boolean; cols: string[] }>, cols: string[], unique?: boolean) {
  return Object.values(ix).some((i) => i.cols.join(',') === cols.join(',') && (unique === undefined || i.unique === unique));
}

describe.each(engines)('schema of DESIGN.md section 2 ($name)', (engine) => {
  it('has every table and column with its type and nullability', async () => {
    const db = await openMigrated(engine);
    const expected: Record<string, Record<string, [string, number]>> = {
      users: { id: ['TEXT', 1], email: ['TEXT', 1], password_hash: ['TEXT', 1], display_name: ['TEXT', 1], role: ['TEXT', 1], created_at: ['INTEGER', 1], updated_at: ['INTEGER', 1] },
      books: {
        id: ['TEXT', 1], title: ['TEXT', 1], author: ['TEXT', 0], description: ['TEXT', 0], file_type: ['TEXT', 1], file_path: ['TEXT', 1],
        file_size: ['INTEGER', 1], file_hash: ['TEXT', 1], cover_path: ['TEXT', 0], page_count: ['INTEGER', 0], added_at: ['INTEGER', 1],
        updated_at: ['INTEGER', 1], source: ['TEXT', 1], s3_bucket: ['TEXT', 0], s3_etag: ['TEXT', 0],
      },
      reading_progress: {
        id: ['TEXT', 1], user_id: ['TEXT', 1], book_id: ['TEXT', 1], current_page: ['INTEGER', 0], total_pages: ['INTEGER', 0],
        epub_location: ['TEXT', 0], percent_complete: ['REAL', 1], status: ['TEXT', 1], last_read_at: ['INTEGER', 0],
      },
      collections: { id: ['TEXT', 1], user_id: ['TEXT', 1], name: ['TEXT', 1], description: ['TEXT', 0], share_token: ['TEXT', 0], shared_at: ['INTEGER', 0], created_at: ['INTEGER', 1] },
      collection_books: { collection_id: ['TEXT', 1], book_id: ['TEXT', 1], added_at: ['INTEGER', 1] },
      settings: { key: ['TEXT', 1], value: ['TEXT', 1], updated_at: ['INTEGER', 1] },
    };
    for (const [table, cols] of Object.entries(expected)) {
      const actual = await columns(db, table);
      for (const [col, [type, notnull]] of Object.entries(cols)) {
        expect(actual[col], `${table}.${col}`).toBeDefined();
        expect(actual[col]!.type, `${table}.${col} type`).toBe(type);
        expect(actual[col]!.notnull, `${table}.${col} not null`).toBe(notnull);
      }
    }
    const books = await columns(db, 'books');
    expect(books.source!.dflt).toBe("'local'");
    const progress = await columns(db, 'reading_progress');
    expect(progress.status!.dflt).toBe("'not_started'");
    expect(progress.percent_complete!.dflt).toBe('0');
    expect((await columns(db, 'collection_books')).collection_id!.pk).toBe(1);
    expect((await columns(db, 'collection_books')).book_id!.pk).toBe(2);
  });

  it('has the indexes of the specification', async () => {
    const db = await openMigrated(engine);
    expect(hasIndexOn(await indexes(db, 'users'), ['email'], true)).toBe(true);
    const b = await indexes(db, 'books');
    expect(hasIndexOn(b, ['file_path'], true)).toBe(true);
    expect(hasIndexOn(b, ['file_hash'], true)).toBe(true);
    expect(hasIndexOn(b, ['title'])).toBe(true);
    expect(hasIndexOn(b, ['author'])).toBe(true);
    const p = await indexes(db, 'reading_progress');
    expect(hasIndexOn(p, ['user_id', 'book_id'], true)).toBe(true);
    expect(hasIndexOn(p, ['status'])).toBe(true);
    expect(hasIndexOn(await indexes(db, 'collections'), ['share_token'], true)).toBe(true);
    const cb = await indexes(db, 'collection_books');
    expect(hasIndexOn(cb, ['collection_id'])).toBe(true);
    expect(hasIndexOn(cb, ['book_id'])).toBe(true);
  });

  it('declares the foreign keys with their cascades', async () => {
    const db = await openMigrated(engine);
    expect(await foreignKeys(db, 'reading_progress')).toEqual(['book_id->books.id CASCADE', 'user_id->users.id CASCADE']);
    expect(await foreignKeys(db, 'collections')).toEqual(['user_id->users.id CASCADE']);
    expect(await foreignKeys(db, 'collection_books')).toEqual(['book_id->books.id CASCADE', 'collection_id->collections.id CASCADE']);
    const fk = await db.get<{ foreign_keys: number }>('PRAGMA foreign_keys');
    expect(Number(fk!.foreign_keys)).toBe(1);
  });
});
