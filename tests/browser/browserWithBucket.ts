import { afterAll, beforeAll } from 'vitest';
import { S3Client } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launch } from './browser';
import { corsXml, S3RVER_KEYS, startS3 } from '../unit/s3server';

export interface BrowserWithBucket {
  browser: Browser;
  s3: Awaited<ReturnType<typeof startS3>>;
  /** An SDK client on the same s3rver, for the test's own reads and writes. */
  client: S3Client;
}

/**
 * A Chromium and an s3rver on loopback for one test file (started before its tests, closed
 * after). Each bucket gets the CORS rule `cors` makes for the app's origin (default: GET, HEAD
 * and PUT).
 */
export function browserWithBucket(buckets: { name: string; cors?: (origin: string) => string | null }[] = [{ name: 'books' }]): BrowserWithBucket {
  const h = {} as BrowserWithBucket;
  beforeAll(async () => {
    h.browser = await launch();
    h.s3 = await startS3(buckets.map((b) => ({ name: b.name, cors: (b.cors ?? corsXml)(baseUrl()) })));
    h.client = new S3Client({ endpoint: h.s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_KEYS });
  });
  afterAll(async () => {
    h.client?.destroy();
    await h.browser?.close();
    await h.s3?.close();
  });
  return h;
}

/** Fills a bucket form (the S3 panel, "Join a synced library", or sync's own bucket: pass its region) for this s3rver. */
export async function fillBucketForm(page: Pick<Page, 'getByLabel'>, endpoint: string, bucket = 'books'): Promise<void> {
  await page.getByLabel('Endpoint', { exact: true }).fill(endpoint);
  await page.getByLabel('Region', { exact: true }).fill('us-east-1');
  await page.getByLabel('Bucket', { exact: true }).fill(bucket);
  await page.getByLabel('Access key id').fill(S3RVER_KEYS.accessKeyId);
  await page.getByLabel('Secret access key').fill(S3RVER_KEYS.secretAccessKey);
  await page.getByLabel(/Path-style addressing/).check();
}
