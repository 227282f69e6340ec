/**
 * Sync's own bucket (issue 14: "uses the bucket settings of the S3 panel, or its own bucket,
 * endpoint, prefix and keys; same CORS self-test"): a device with no S3 panel bucket turns sync on
 * through a bucket of its own; everything lands there, and its keys are nowhere but this browser.
 */
import { describe, expect, it } from 'vitest';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { baseUrl, firstRunAdmin, openPage, pageErrors } from './browser';
import { browserWithBucket, fillBucketForm } from './browserWithBucket';
import { exportedDb } from './folder';
import { PASSPHRASE, PASSWORD, syncRound, syncStatus } from './syncHelpers';
import { S3RVER_KEYS } from '../unit/s3server';

const h = browserWithBucket([{ name: 'books' }, { name: 'syncown' }]);

const keysIn = async (bucket: string) => ((await h.client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!);

describe('sync through a bucket of its own', () => {
  it('with no S3 panel bucket, sync tests and uses its own bucket and prefix; its keys stay in this browser', async () => {
    const device = await h.browser.newContext({ acceptDownloads: true });
    const page = await openPage(device, '/login');
    await firstRunAdmin(page, PASSWORD);
    await page.goto(baseUrl() + '/admin/library');
    const sync = page.getByRole('region', { name: 'Sync between devices' });
    await sync.getByLabel('A bucket of its own').check();
    await fillBucketForm(sync, h.s3.endpoint, 'syncown');
    await sync.getByLabel('Prefix', { exact: true }).fill('alex/');
    await sync.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => sync.getByTestId('sync-bucket-test-result').textContent(), { timeout: 60_000 }).toMatch(/^Connected: 0 objects seen/);

    await sync.getByLabel('Sync passphrase').fill(PASSPHRASE);
    await sync.getByRole('button', { name: 'Turn on sync' }).click();
    await expect.poll(() => syncStatus(page).textContent(), { timeout: 90_000 }).toBe('Synced just now');
    await expect(sync.getByTestId('sync-bucket').textContent()).resolves.toBe('Through its own bucket: syncown (alex/).');
    await syncRound(page);

    const own = await keysIn('syncown');
    expect(own).toContain('alex/sync/keyinfo.json');
    expect(own.every((k) => k.startsWith('alex/sync/'))).toBe(true);
    expect(await keysIn('books')).toEqual([]);

    // Device-only: the details in settings, never the keys (in the database or its export).
    const db = await exportedDb(page);
    const setting = (await db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'sync_bucket'"))!.value;
    expect(JSON.parse(setting)).toMatchObject({ bucket: 'syncown', prefix: 'alex/' });
    const bytes = Buffer.from(db.raw.export()).toString('latin1');
    expect(bytes).not.toContain(S3RVER_KEYS.secretAccessKey);
    expect(await db.get("SELECT value FROM settings WHERE key = 's3_config'")).toBeUndefined();

    // A reload resumes there without asking anything.
    await page.reload();
    await syncRound(page);

    expect(pageErrors(page)).toEqual([]);
    await device.close();
  }, 600_000);
});
