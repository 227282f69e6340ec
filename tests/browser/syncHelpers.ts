import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { baseUrl } from './browser';
import { fillBucketForm } from './browserWithBucket';

export const PASSPHRASE = 'purple elephants dance at noon';
export const PASSWORD = 'correct horse battery';

export const syncStatus = (page: Page) => page.getByTestId('sync-status');

/** On Admin → Library: runs a round now and waits until it has finished with nothing left to send. */
export async function syncRound(page: Page) {
  if (!page.url().endsWith('/admin/library')) await page.goto(baseUrl() + '/admin/library');
  const status = syncStatus(page);
  await status.waitFor({ timeout: 30_000 });
  const before = Number((await status.getAttribute('data-synced-at')) || 0);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect
    .poll(async () => Number((await status.getAttribute('data-synced-at')) || 0) > before && (await status.getAttribute('data-state')) === 'ok', {
      timeout: 60_000,
    })
    .toBe(true);
  expect(await status.getAttribute('data-pending')).toBe('0');
}

/** On Admin → Library, the S3 panel set up: turns sync on and waits for the first "Synced". */
export async function turnOnSync(page: Page, passphrase = PASSPHRASE) {
  const sync = page.getByRole('region', { name: 'Sync between devices' });
  await sync.getByLabel('Sync passphrase').fill(passphrase);
  await sync.getByRole('button', { name: 'Turn on sync' }).click();
  await expect.poll(() => syncStatus(page).textContent(), { timeout: 90_000 }).toBe('Synced just now');
}

/** A new device's sign-in page: "Join a synced library" with s3rver's bucket; back on sign-in. */
export async function joinFromSignIn(page: Page, endpoint: string, passphrase = PASSPHRASE) {
  await page.getByRole('link', { name: 'Join a synced library' }).click({ timeout: 90_000 });
  await page.waitForURL(/\/join$/);
  await fillBucketForm(page, endpoint);
  await page.getByLabel('Sync passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL(/\/login$/, { timeout: 120_000 });
}
