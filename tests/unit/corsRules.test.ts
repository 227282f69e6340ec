import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CopyObjectCommand, DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { makeS3Client } from '../../src/s3/client';
import { awsCorsJson, minioCorsXml } from '../../src/s3/corsRules';
import { SyncStore } from '../../src/sync/SyncStore';
import { DEFAULT_S3_CONFIG } from '../../src/db/api';
import { S3RVER_KEYS, startS3 } from './s3server';

/**
 * The rule the S3 panel tells people to paste must let the browser make every request sync and
 * publishing make. Node sends no preflight, so the test records the headers the SDK really puts on
 * each request and asks s3rver (holding exactly the generated rule) the browser's preflight question.
 */
const ORIGIN = 'https://alex.example';
// Headers the browser sets itself: they are never named in a preflight.
const BROWSER_OWNED = new Set(['host', 'content-length', 'user-agent', 'expect', 'transfer-encoding', 'connection']);

let s3: Awaited<ReturnType<typeof startS3>>;
let client: S3Client;
const sent: { method: string; path: string; headers: string[] }[] = [];

beforeAll(async () => {
  const readOnly = minioCorsXml(ORIGIN).replace(/\s*<AllowedMethod>(PUT|DELETE)<\/AllowedMethod>/g, '');
  s3 = await startS3([
    { name: 'lib', cors: minioCorsXml(ORIGIN) },
    { name: 'old', cors: readOnly },
  ]);
  client = await makeS3Client({ ...DEFAULT_S3_CONFIG, endpoint: s3.endpoint, bucket: 'lib', region: 'us-east-1', forcePathStyle: true }, S3RVER_KEYS);
  // The deserialize step is the innermost: it sees the request exactly as signed and sent.
  client.middlewareStack.add(
    (next) => async (args) => {
      const req = args.request as { method: string; path: string; headers: Record<string, string> };
      sent.push({ method: req.method, path: req.path, headers: Object.keys(req.headers).map((h) => h.toLowerCase()) });
      return next(args);
    },
    { step: 'deserialize', name: 'recordHeaders' },
  );
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await s3?.close();
});

async function preflight(bucket: string, req: { method: string; path: string; headers: string[] }) {
  const headers = req.headers.filter((h) => !BROWSER_OWNED.has(h));
  const path = req.path.replace(/^\/lib\//, `/${bucket}/`);
  const res = await fetch(s3.endpoint + path, {
    method: 'OPTIONS',
    headers: { Origin: ORIGIN, 'Access-Control-Request-Method': req.method, 'Access-Control-Request-Headers': headers.join(',') },
  });
  return { status: res.status, allowOrigin: res.headers.get('access-control-allow-origin'), headers };
}

describe('the CORS rule the S3 panel gives', () => {
  it("lets the browser make sync's create-only PUT, its reads, and publishing's copy and delete", async () => {
    const store = new SyncStore({ client, bucket: 'lib', prefix: 'books/' });
    expect(await store.put('probe', new Uint8Array([1, 2, 3]), { ifAbsent: true })).toBe('written');
    expect(await store.get('probe')).toEqual(new Uint8Array([1, 2, 3]));
    await client.send(new CopyObjectCommand({ Bucket: 'lib', Key: 'books/copy', CopySource: 'lib/books/sync/probe', MetadataDirective: 'REPLACE', ContentType: 'application/pdf' }));
    await client.send(new DeleteObjectCommand({ Bucket: 'lib', Key: 'books/copy' }));

    const put = sent.find((r) => r.method === 'PUT' && r.headers.includes('if-none-match'));
    expect(put, 'the conditional PUT carries If-None-Match').toBeTruthy();
    expect(sent.map((r) => r.method)).toEqual(expect.arrayContaining(['PUT', 'GET', 'DELETE']));
    for (const req of sent) {
      const answer = await preflight('lib', req);
      expect({ method: req.method, headers: answer.headers, status: answer.status }).toEqual({ method: req.method, headers: answer.headers, status: 200 });
      expect([ORIGIN, '*']).toContain(answer.allowOrigin); // s3rver answers '*' to uncredentialed requests
    }
  });

  it('a read-only rule (GET, HEAD) would refuse those writes: the test tells the difference', async () => {
    const put = sent.find((r) => r.method === 'PUT' && r.headers.includes('if-none-match'))!;
    const del = sent.find((r) => r.method === 'DELETE')!;
    expect((await preflight('old', put)).status).toBe(403);
    expect((await preflight('old', del)).status).toBe(403);
  });

  it('gives the same rule as AWS/R2 JSON, for this origin', () => {
    const rules = JSON.parse(awsCorsJson(ORIGIN));
    expect(rules[0]).toMatchObject({ AllowedOrigins: [ORIGIN], AllowedMethods: ['GET', 'HEAD', 'PUT', 'DELETE'] });
    expect(rules[0].AllowedHeaders).toEqual(expect.arrayContaining(['if-none-match', 'authorization', 'x-amz-content-sha256']));
    expect(rules[0].ExposeHeaders).toContain('ETag');
  });
});
