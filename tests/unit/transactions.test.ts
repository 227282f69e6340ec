import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/Db';
import { engines } from './engines';

async function open(engine: (typeof engines)[number]): Promise<Db> {
  const db = await engine.open();
  await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  return db;
}

const values = async (db: Db) => (await db.all<{ v: string }>('SELECT v FROM t ORDER BY id')).map((r) => r.v);

describe.each(engines)('transactions and batches on $name', (engine) => {
  it('a transaction is all or nothing; a nested one rolls back alone', async () => {
    const db = await open(engine);
    await expect(
      db.transaction(async () => {
        await db.run("INSERT INTO t (v) VALUES ('a')");
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await values(db)).toEqual([]);
    await db.transaction(async () => {
      await db.run("INSERT INTO t (v) VALUES ('b')");
      await db.transaction(() => db.run("INSERT INTO t (v) VALUES ('c')").then(() => Promise.reject(new Error('inner')))).catch(() => {});
      await db.run("INSERT INTO t (v) VALUES ('d')");
    });
    expect(await values(db)).toEqual(['b', 'd']);
  });

  it('a batch keeps what its statements wrote even when it throws afterwards, as autocommit would', async () => {
    const db = await open(engine);
    await expect(
      db.batch(async () => {
        await db.run("INSERT INTO t (v) VALUES ('kept')");
        await db.transaction(async () => {
          await db.run("INSERT INTO t (v) VALUES ('undone')");
          throw new Error('inner');
        });
      }),
    ).rejects.toThrow('inner');
    expect(await values(db)).toEqual(['kept']);
    // A failed statement undoes only itself.
    await db.batch(async () => {
      await db.run("INSERT INTO t (v) VALUES ('x')");
      await expect(db.run('INSERT INTO t (v) VALUES (NULL)')).rejects.toThrow();
      await db.run("INSERT INTO t (v) VALUES ('y')");
    });
    expect(await values(db)).toEqual(['kept', 'x', 'y']);
    // The connection is out of the transaction afterwards: a new one can begin.
    await db.transaction(() => db.run("INSERT INTO t (v) VALUES ('z')"));
    expect(await values(db)).toEqual(['kept', 'x', 'y', 'z']);
  });

  it('a batch is one SQLite transaction, and the transactions inside it are savepoints', async () => {
    const db = await open(engine);
    await db.batch(async () => {
      await db.run("INSERT INTO t (v) VALUES ('a')");
      await expect(db.exec('BEGIN')).rejects.toThrow(/within a transaction/);
      await db.transaction(() => db.run("INSERT INTO t (v) VALUES ('b')"));
      expect(await values(db)).toEqual(['a', 'b']);
    });
    expect(await values(db)).toEqual(['a', 'b']);
  });
});
