#!/usr/bin/env node
/**
 * Sync figures in Node (sql.js, the real migrations and sync code) against s3rver on loopback
 * (prints figures; asserts nothing):
 *
 *  - an idle poll: the requests one round makes when nothing changed (one ListObjectsV2);
 *  - a change reaching the other device: a round on A that uploads it, then a round on B that
 *    applies it (the loop runs a round 2 s after a change, and polls every minute);
 *  - joining a library of N bucket books (default 10,000): seconds, requests and MB downloaded,
 *    from the snapshot that turning sync on wrote.
 *
 *   node scripts/bench-sync.mjs [--books 10000] [--runs 20]
 */
import { loadavg } from 'node:os';
import { tsImport } from 'tsx/esm/api';
import { arg, fmt, median, summary } from './lib/benchKit.mjs';

const BOOKS = Number(arg('--books', '10000'));
const RUNS = Number(arg('--runs', '20'));
const PASS = 'bench sync passphrase';
const imp = (p) => tsImport(p, import.meta.url);

const { startS3, S3RVER_KEYS } = await imp('../tests/unit/s3server.ts');
const { makeS3Client } = await imp('../src/s3/client.ts');
const { DEFAULT_S3_CONFIG } = await imp('../src/db/api/s3.ts');
const { openSqlJs } = await imp('../src/db/openSqlJs.ts');
const { migrate } = await imp('../src/db/migrate.ts');
const { loadMigrations } = await imp('../src/db/loadMigrations.ts');
const { seedDefaultAdmin } = await imp('../src/db/queries/users.ts');
const { hashPassword } = await imp('../src/domain/passwords.ts');
const { generateLibrary } = await imp('./lib/generateLibrary.ts');
const { SyncEngine } = await imp('../src/sync/SyncEngine.ts');
const { insertCollection } = await imp('../src/db/queries/collections.ts');

const BUCKET = 'sync';
const FAST_KDF = { name: 'argon2id', memoryKiB: 64, iterations: 1, parallelism: 1 };
const migrations = loadMigrations();

async function newDb() {
  const db = await openSqlJs();
  await migrate(db, migrations);
  await seedDefaultAdmin(db, (pw) => hashPassword(pw, 4));
  return db;
}

/** A device's bucket client that counts its requests and the bytes of the bodies it receives. */
async function device(s3, prefix) {
  const client = await makeS3Client({ ...DEFAULT_S3_CONFIG, endpoint: s3.endpoint, region: 'us-east-1', bucket: BUCKET, forcePathStyle: true }, S3RVER_KEYS);
  const stats = { requests: 0, bytesIn: 0, byCommand: {} };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      stats.requests++;
      stats.byCommand[context.commandName] = (stats.byCommand[context.commandName] ?? 0) + 1;
      const out = await next(args);
      stats.bytesIn += Number(out.response?.headers?.['content-length'] ?? 0);
      return out;
    },
    { step: 'finalize', name: 'benchCount' },
  );
  const reset = () => {
    stats.requests = 0;
    stats.bytesIn = 0;
    stats.byCommand = {};
  };
  return { loc: { client, bucket: BUCKET, prefix }, stats, reset };
}

const load = () => loadavg()[0].toFixed(2);
console.log(`load average at start: ${load()}`);
const s3 = await startS3([{ name: BUCKET }]);
try {
  // Two small devices: idle poll and a change travelling.
  {
    const a = await device(s3, 'small/');
    const b = await device(s3, 'small/');
    const dbA = await newDb();
    const dbB = await newDb();
    const A = await SyncEngine.turnOn(dbA, a.loc, PASS, { kdf: FAST_KDF });
    const B = await SyncEngine.join(dbB, b.loc, PASS);
    await A.round();
    b.reset();
    await B.round();
    const idle = b.stats.requests;
    console.log(`idle poll: ${idle} request(s) (${Object.entries(b.stats.byCommand).map(([k, v]) => `${k} ×${v}`).join(', ')})`);
    summary(`sync: an idle poll is ${idle} request(s)`);

    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await insertCollection(dbA, '1', `Shelf ${i}`);
      await A.round();
      const r = await B.round();
      times.push(performance.now() - t);
      if (r.pulled < 1) throw new Error('the change did not reach B');
    }
    console.log(`a change reaching the other device (A's round uploads it, B's round applies it), median of ${RUNS}: ${fmt(median(times), 0)} ms (min ${fmt(Math.min(...times), 0)}, max ${fmt(Math.max(...times), 0)})`);
    summary(`sync: a change reaches another device in ${fmt(median(times), 0)} ms of rounds, plus the loop's waits (2 s after the change on the sender, up to a minute to the receiver's next poll)`);
  }

  // Joining a library of BOOKS bucket books.
  {
    const a = await device(s3, 'big/');
    const dbA = await newDb();
    await generateLibrary(dbA, BOOKS, { userId: '1' });
    await dbA.run("UPDATE books SET source = 's3', s3_bucket = 'library', s3_etag = 'e'");
    let t = performance.now();
    await SyncEngine.turnOn(dbA, a.loc, PASS, { kdf: FAST_KDF });
    console.log(`turning sync on with ${BOOKS.toLocaleString('en')} books: ${fmt((performance.now() - t) / 1000)} s, ${a.stats.requests} requests`);

    const b = await device(s3, 'big/');
    const dbB = await newDb();
    const progress = [];
    t = performance.now();
    await SyncEngine.join(dbB, b.loc, PASS, { onProgress: (p) => progress.push(p) });
    const secs = (performance.now() - t) / 1000;
    const n = await dbB.get('SELECT COUNT(*) AS n FROM books');
    const mb = b.stats.bytesIn / 1e6;
    console.log(`joining ${BOOKS.toLocaleString('en')} bucket books: ${fmt(secs)} s, ${b.stats.requests} requests, ${fmt(mb, 2)} MB downloaded (${Number(n.n).toLocaleString('en')} books on the new device; ${progress.length} progress reports; load ${load()})`);
    summary(`sync: joining ${BOOKS.toLocaleString('en')} books takes ${fmt(secs)} s and ${fmt(mb, 2)} MB`);
  }
} finally {
  await s3.close();
}
console.log(`load average at end: ${load()}`);
