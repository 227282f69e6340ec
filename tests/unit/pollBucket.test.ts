import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { makeTestApi, type TestApi } from './testApi';
import { makeBook, makeUser } from './factories';
import { S3RVER_KEYS, startS3 } from './s3server';
import { makeS3Client } from '../../src/s3/client';
import { getObject, listAllBooks } from '../../src/s3/bucketReads';
import { pollBucket, type PollIO } from '../../src/s3/pollBucket';
import { DEFAULT_S3_CONFIG, type S3Config } from '../../src/db/api';
import { extractBook } from '../../src/ingest/extract';
import { hashFile } from '../../src/ingest/hash';
import { upsertProgress, getProgress } from '../../src/db/queries/progress';
import { getBook } from '../../src/db/queries/books';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

describe('a poll of a real bucket (s3rver) into a real catalogue', () => {
  let s3: Awaited<ReturnType<typeof startS3>>;
  let client: S3Client;
  let config: S3Config;
  let t: TestApi;
  let admin: string;
  const forgotten: string[] = [];

  function io(): PollIO {
    return {
      list: (signal) => listAllBooks(client, config, signal),
      async index() {
        const out = [];
        let after: string | null = null;
        do {
          const page = await t.api.getS3Index(admin, after);
          out.push(...page.entries);
          after = page.next;
        } while (after);
        return out;
      },
      download: (o, signal) => getObject(client, config, o.key, { signal }),
      hash: (file, signal) => hashFile(file, { signal }),
      async extract(file, key) {
        const { fileType, metadata } = await extractBook(file, key.split('/').pop()!, { covers: false });
        return { fileType, ...metadata, coverPath: null };
      },
      apply: (writes) => t.api.applyS3Batch(admin, writes),
      async forget({ bookIds }) {
        forgotten.push(...bookIds);
      },
    };
  }
  const put = (Key: string, Body: Uint8Array | string) => client.send(new PutObjectCommand({ Bucket: 'books', Key, Body }));
  const poll = () => pollBucket(io(), new AbortController().signal);

  beforeAll(async () => {
    s3 = await startS3([{ name: 'books' }]);
    config = { ...DEFAULT_S3_CONFIG, endpoint: s3.endpoint, region: 'us-east-1', bucket: 'books', prefix: 'lib/', forcePathStyle: true };
    client = await makeS3Client(config, S3RVER_KEYS);
    t = await makeTestApi();
    admin = await t.adminToken();
    await t.api.setS3Source(admin, config);
  }, 60_000);
  afterAll(async () => {
    client?.destroy();
    await s3?.close();
  });

  it('imports new books with their metadata, skips what is not a book and reports bad files', async () => {
    await put('lib/TeXoutline.pdf', fixture('TeXoutline.pdf'));
    await put('lib/manuals/live-manual.en.epub', fixture('live-manual.en.epub'));
    await put('lib/readme.txt', 'not a book');
    await put('lib/broken.pdf', 'this is not a PDF at all');
    await put('elsewhere/amsldoc.pdf', fixture('amsldoc.pdf')); // outside the prefix
    const status = await poll();
    expect(status).toMatchObject({ outcome: 'done', listed: 3, added: 2, updated: 0, removed: 0 });
    expect(status.failures).toEqual([{ key: 'lib/broken.pdf', reason: expect.stringMatching(/not a PDF/i) }]);
    const { entries } = await t.api.getS3Index(admin, null);
    expect(entries.map((e) => e.key)).toEqual(['lib/TeXoutline.pdf', 'lib/manuals/live-manual.en.epub']);
    const epub = (await getBook(t.db, entries[1]!.id))!;
    expect(epub).toMatchObject({ source: 's3', s3Bucket: 'books', fileType: 'epub' });
    expect(epub.title).toMatch(/live/i);
    // Nothing changed: the next poll downloads nothing.
    expect(await poll()).toMatchObject({ added: 0, updated: 0, removed: 0 });
  });

  it('a replaced object (new ETag) updates its row in place; a vanished one is removed', async () => {
    const before = (await t.api.getS3Index(admin, null)).entries;
    const pdf = before.find((e) => e.key === 'lib/TeXoutline.pdf')!;
    const u = await makeUser(t.db);
    await upsertProgress(t.db, u.id, pdf.id, { currentPage: 1, totalPages: 1, epubLocation: null, percentComplete: 100, status: 'completed', lastReadAt: 1 });
    await put('lib/TeXoutline.pdf', fixture('amsldoc.pdf'));
    await client.send(new DeleteObjectCommand({ Bucket: 'books', Key: 'lib/manuals/live-manual.en.epub' }));
    const status = await poll();
    expect(status).toMatchObject({ updated: 1, removed: 1, added: 0 });
    const row = (await getBook(t.db, pdf.id))!;
    expect(row.pageCount).toBe(44);
    expect(row.fileHash).not.toBe(pdf.hash);
    expect(await getProgress(t.db, u.id, pdf.id)).toBeDefined();
    expect(forgotten).toContain(before.find((e) => e.key.endsWith('.epub'))!.id);
  });

  it('the same content already in the library is not added twice', async () => {
    const local = await makeBook(t.db, { fileHash: await hashFile(new Blob([fixture('R-intro.pdf')])), filePath: 'Local/R-intro.pdf' });
    await put('lib/copy-of-r-intro.pdf', fixture('R-intro.pdf'));
    const status = await poll();
    expect(status.added).toBe(0);
    expect(status.duplicates).toEqual([{ key: 'lib/copy-of-r-intro.pdf', existingPath: local.filePath }]);
  });
});
