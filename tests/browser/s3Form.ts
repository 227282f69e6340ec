import type { Page } from 'playwright-core';
import { S3RVER_KEYS } from '../unit/s3server';

/** Admin → Library → S3 bucket: the form filled for an s3rver bucket (loopback, path style). */
export async function fillS3Form(page: Page, endpoint: string, bucket: string) {
  await page.getByLabel('Endpoint', { exact: true }).fill(endpoint);
  await page.getByLabel('Region', { exact: true }).fill('us-east-1');
  await page.getByLabel('Bucket', { exact: true }).fill(bucket);
  await page.getByLabel('Access key id').fill(S3RVER_KEYS.accessKeyId);
  await page.getByLabel('Secret access key').fill(S3RVER_KEYS.secretAccessKey);
  await page.getByLabel(/Path-style addressing/).check();
}
