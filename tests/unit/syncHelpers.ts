import { afterAll, beforeAll } from 'vitest';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { S3RVER_KEYS, startS3 } from './s3server';
import { makeS3Client } from '../../src/s3/client';
import { DEFAULT_S3_CONFIG } from '../../src/db/api';
import { openSyncBucket, type OpenSyncOptions } from '../../src/sync/openSyncBucket';
import type { KdfParams } from '../../src/sync/libraryKey';

/** Argon2id at its minimum: the protocol is the same, the tests stay fast on shared cores. */
export const FAST_KDF: KdfParams = { name: 'argon2id', memoryKiB: 64, iterations: 1, parallelism: 1 };
export const BUCKET = 'sync';

export type S3 = Awaited<ReturnType<typeof startS3>>;

export async function startSyncS3(): Promise<S3> {
  return startS3([{ name: BUCKET }]);
}

/** A client (one per simulated device) that counts the requests it sends, by command. */
export async function countingClient(s3: S3): Promise<{ client: S3Client; counts: Record<string, number>; total(): number }> {
  const client = await makeS3Client({ ...DEFAULT_S3_CONFIG, endpoint: s3.endpoint, region: 'us-east-1', bucket: BUCKET, forcePathStyle: true }, S3RVER_KEYS);
  const counts: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '?';
      counts[name] = (counts[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  return { client, counts, total: () => Object.values(counts).reduce((a, b) => a + b, 0) };
}

export async function device<T = unknown>(s3: S3, prefix: string, passphrase: string, opts: Partial<OpenSyncOptions> = {}) {
  const c = await countingClient(s3);
  const bucket = await openSyncBucket<T>({ client: c.client, bucket: BUCKET, prefix }, passphrase, { create: false, kdf: FAST_KDF, ...opts });
  return { ...c, bucket };
}

/** Every object under a prefix: key → raw bytes. */
export async function rawObjects(client: S3Client, prefix: string): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      const res = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: o.Key! }));
      out.set(o.Key!, await res.Body!.transformToByteArray());
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

export function putRaw(client: S3Client, key: string, body: Uint8Array) {
  return client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
}

export async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => null, (e: unknown) => e);
}

/** A bucket server for the enclosing describe block: started before its tests, stopped after. */
export function useSyncS3(): () => S3 {
  let s3: S3 | undefined;
  beforeAll(async () => {
    s3 = await startSyncS3();
  }, 60_000);
  afterAll(async () => {
    await s3?.close();
  });
  return () => s3!;
}
