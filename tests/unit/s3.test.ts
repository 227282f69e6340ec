import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { planPoll, type KnownS3Book } from '../../src/s3/planPoll';
import { listBookObjects } from '../../src/s3/listBookObjects';
import { makeS3Client } from '../../src/s3/client';
import { testConnection } from '../../src/s3/testConnection';
import { awsCorsJson, minioCorsXml } from '../../src/s3/corsRules';
import { DEFAULT_S3_CONFIG, type S3Config } from '../../src/db/api';
import { isBookKey, type S3Object } from '../../src/s3/types';
import { S3RVER_KEYS, startS3 } from './s3server';

const obj = (key: string, etag: string, size = 10): S3Object => ({ key, etag, size, lastModified: null });
const known = (id: string, key: string, etag: string): KnownS3Book => ({ id, key, etag, hash: `h-${id}` });

describe('S3 poll plan', () => {
  it('sorts a listing into new, unchanged, changed ETag and removed', () => {
    const plan = planPoll(
      [obj('a.pdf', '"e1"'), obj('b.epub', 'e2'), obj('c.pdf', 'e3-new'), obj('a.pdf', 'e1')],
      [known('1', 'a.pdf', 'e1'), known('2', 'b.epub', '"e2"'), known('3', 'c.pdf', 'e3'), known('4', 'gone.pdf', 'e4')],
    );
    expect(plan.unchanged).toBe(2); // quotes do not matter; a key listed twice counts once
    expect(plan.added).toEqual([]);
    expect(plan.changed).toEqual([{ object: obj('c.pdf', 'e3-new'), bookId: '3' }]);
    expect(plan.removed.map((r) => r.id)).toEqual(['4']);
    const fresh = planPoll([obj('x.pdf', 'e')], []);
    expect(fresh.added.map((o) => o.key)).toEqual(['x.pdf']);
  });

  it('takes only books: .pdf/.epub in any case, no hidden parts', () => {
    expect(['a.PDF', 'd/b.Epub', 'c.txt', '.hidden/d.pdf', 'e/.f.pdf', 'pdf'].filter(isBookKey)).toEqual(['a.PDF', 'd/b.Epub']);
  });
});

describe('S3 against a real server (s3rver)', () => {
  let s3: Awaited<ReturnType<typeof startS3>>;
  let config: S3Config;
  beforeAll(async () => {
    s3 = await startS3([{ name: 'books' }, { name: 'big' }]);
    config = { ...DEFAULT_S3_CONFIG, endpoint: s3.endpoint, region: 'us-east-1', bucket: 'books', forcePathStyle: true };
    const client = await makeS3Client(config, S3RVER_KEYS);
    for (const key of ['shelf/one.pdf', 'shelf/two.EPUB', 'shelf/notes.txt', 'other/three.pdf'])
      await client.send(new PutObjectCommand({ Bucket: 'books', Key: key, Body: `content of ${key}` }));
    // More than one page of 1,000 keys.
    const keys = Array.from({ length: 1205 }, (_, i) => `lot/${String(i).padStart(4, '0')}.pdf`);
    for (let i = 0; i < keys.length; i += 50)
      await Promise.all(keys.slice(i, i + 50).map((Key) => client.send(new PutObjectCommand({ Bucket: 'big', Key, Body: Key }))));
    client.destroy();
  }, 120_000);
  afterAll(async () => {
    await s3?.close();
  });

  it('lists only books under the prefix, with their ETags', async () => {
    const client = await makeS3Client({ ...config, prefix: 'shelf/' }, S3RVER_KEYS);
    const all: S3Object[] = [];
    for await (const page of listBookObjects(client, { ...config, prefix: 'shelf/' })) all.push(...page);
    expect(all.map((o) => o.key).sort()).toEqual(['shelf/one.pdf', 'shelf/two.EPUB']);
    expect(all.every((o) => /^[0-9a-f]{32}$/.test(o.etag))).toBe(true);
  });

  it('pages through more than 1,000 keys', async () => {
    const client = await makeS3Client({ ...config, bucket: 'big' }, S3RVER_KEYS);
    const pages: number[] = [];
    const keys = new Set<string>();
    for await (const page of listBookObjects(client, { ...config, bucket: 'big' })) {
      pages.push(page.length);
      page.forEach((o) => keys.add(o.key));
    }
    expect(pages.length).toBeGreaterThan(1);
    expect(keys.size).toBe(1205);
  });

  it('tests the connection and says plainly what is wrong', async () => {
    expect(await testConnection(config, S3RVER_KEYS)).toEqual({ ok: true, objects: 4, books: 3, truncated: false });
    expect(await testConnection(config, { accessKeyId: 'WRONG', secretAccessKey: 'nope' })).toMatchObject({ ok: false, kind: 'bad-keys' });
    expect(await testConnection({ ...config, bucket: 'missing' }, S3RVER_KEYS)).toMatchObject({ ok: false, kind: 'no-bucket', message: expect.stringContaining('"missing"') });
    expect(await testConnection({ ...config, bucket: '' }, S3RVER_KEYS)).toMatchObject({ ok: false, kind: 'invalid' });
  });

  it('gives the exact CORS rule to paste, for this origin', () => {
    const rules = JSON.parse(awsCorsJson('https://alex.example'));
    expect(rules[0]).toMatchObject({ AllowedOrigins: ['https://alex.example'], AllowedMethods: ['GET', 'HEAD', 'PUT', 'DELETE'] });
    expect(rules[0].ExposeHeaders).toContain('ETag');
    expect(rules[0].AllowedHeaders).toEqual(expect.arrayContaining(['authorization', 'x-amz-date', 'x-amz-content-sha256', 'range']));
    expect(minioCorsXml('https://alex.example')).toContain('<AllowedOrigin>https://alex.example</AllowedOrigin>');
  });
});
