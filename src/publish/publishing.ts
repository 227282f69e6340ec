import { createSignal } from 'solid-js';
import { AppError } from '../domain/errors';
import { collectionBooks, browserSource, ownerBucket } from './ownerBucket';
import { deletePublication } from './bucketObjects';
import { describePublishError } from './publishErrors';
import { publishCollection, updatePublication } from './publishCollection';
import { forgetPublished, loadPublished, savePublished } from './publishedStore';
import type { PublishedRecord, PublishOptions, PublishProgress } from './types';

/** The one publishing run of this page, for the dialog's progress bar and Cancel. */
export interface PublishJob {
  collectionId: string;
  progress: PublishProgress;
  cancel(): void;
}
const [job, setJob] = createSignal<PublishJob | null>(null);
export { job as publishJob };

const NO_BUCKET = 'No bucket is set up in this browser: an administrator configures one in Admin → Library → S3 bucket.';

export interface CollectionInfo {
  id: string;
  name: string;
  description: string | null;
}

async function withBucket<T>(fn: (b: NonNullable<Awaited<ReturnType<typeof ownerBucket>>>) => Promise<T>): Promise<T> {
  const bucket = await ownerBucket();
  if (!bucket) throw new AppError('INVALID_INPUT', NO_BUCKET, { reason: 'no-bucket' });
  try {
    return await fn(bucket);
  } finally {
    bucket.client.destroy();
  }
}

/**
 * Publishes the collection under a new prefix for `shareToken`. When it was published before
 * (New link, or another mode), the old copy is deleted once the new one is complete.
 */
export async function publishNow(c: CollectionInfo, shareToken: string, options: PublishOptions): Promise<PublishedRecord> {
  if (job()) throw new AppError('CONFLICT', 'A collection is being published already: wait for it or cancel it.');
  const controller = new AbortController();
  setJob({ collectionId: c.id, progress: { done: 0, total: 0, current: '' }, cancel: () => controller.abort() });
  try {
    return await withBucket(async ({ client, config }) => {
      const previous = await loadPublished(c.id);
      const { books, localMode } = await collectionBooks(c.id);
      let record: PublishedRecord;
      try {
        record = await publishCollection(
          {
            client,
            config,
            collectionId: c.id,
            shareToken,
            origin: location.origin,
            collection: { name: c.name, description: c.description },
            books,
            source: browserSource(localMode),
            signal: controller.signal,
            onProgress: (progress) => setJob((j) => j && { ...j, progress }),
          },
          options,
        );
      } catch (e) {
        throw await describePublishError(e, config, controller.signal);
      }
      await savePublished(record);
      if (previous && previous.prefix !== record.prefix) await deletePublication(client, config.bucket, previous.prefix).catch((e) => console.warn('The old published copy could not be deleted', e));
      return record;
    });
  } finally {
    setJob(null);
  }
}

/** New link: the same way of publishing, under the new token and a new prefix; the old copy goes. */
export async function republishForNewLink(c: CollectionInfo, shareToken: string): Promise<PublishedRecord | null> {
  const previous = await loadPublished(c.id);
  if (!previous) return null;
  const expiresIn = previous.expiresAt ? previous.expiresAt - Math.floor(Date.now() / 1000) : undefined;
  return publishNow(c, shareToken, { mode: previous.mode, encrypt: !!previous.key, publicBase: previous.publicBase, expiresIn: expiresIn && expiresIn > 60 ? expiresIn : undefined });
}

/** Stop sharing: the copy is deleted (the manifest first: the link dies at once). */
export async function unpublish(collectionId: string): Promise<void> {
  const record = await loadPublished(collectionId);
  if (!record) return;
  await withBucket(({ client, config }) => deletePublication(client, config.bucket, record.prefix));
  await forgetPublished(collectionId);
}

const pending = new Map<string, Promise<void>>();

/**
 * Brings a published copy in line after books are added or removed, or the collection renamed.
 * Runs in the background, one at a time per collection; a failure is kept on the record, and the
 * Share dialog offers to try again.
 */
export function refreshPublication(c: CollectionInfo): Promise<void> {
  const run = async () => {
    const record = await loadPublished(c.id);
    if (!record) return;
    try {
      const next = await withBucket(async ({ client, config }) => {
        const { books, localMode } = await collectionBooks(c.id);
        return updatePublication(record, { client, config, collection: { name: c.name, description: c.description }, books, source: browserSource(localMode) }).catch(
          async (e) => {
            throw await describePublishError(e, config);
          },
        );
      });
      const { stale: _, ...fresh } = next;
      await savePublished(fresh);
    } catch (e) {
      await savePublished({ ...record, stale: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  };
  const next = (pending.get(c.id) ?? Promise.resolve()).catch(() => {}).then(run);
  pending.set(c.id, next);
  return next;
}

export { loadPublished };
