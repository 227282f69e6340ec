import { onCleanup, onMount } from 'solid-js';
import { registerBookSource } from '../storage/fileSource';

/** Mounted on every signed-in page, like LocalSync: keeps the library in step with the bucket. */
export function S3Sync() {
  let stop: (() => void) | undefined;
  onMount(async () => {
    // Which S3 books this browser keeps (the cards' "Offline" mark): a directory listing, no SDK.
    void import('../storage/offlineCopies').then((m) => m.refreshOfflineCopies()).catch(() => {});
    // The AWS SDK is loaded only when a bucket is configured and this page polls it.
    const sync = await import('../s3/s3Sync');
    stop = sync.stopS3Sync;
    await sync.startS3Sync();
  });
  onCleanup(() => stop?.());
  return null;
}

// Readers and the share page open S3 books through the file source; the SDK loads on first use.
registerBookSource('s3', async (book) => (await import('../s3/s3BookSource')).openS3Book(book));
