import { db } from '../data/client';
import { AppError } from '../domain/errors';
import type { BookFileRef } from '../storage/fileSource';
import { loadCredentials } from './credentialStore';
import { makeS3Client } from './client';
import { getObject } from './bucketReads';
import { keepOfflineCopy, readOfflineCopy } from '../storage/offlineCopies';
import { S3RangeBlob } from './S3RangeBlob';
import type { S3Config } from '../db/api';

/**
 * Opens an S3 book for the readers: the offline copy when this browser has one; else from the
 * bucket — a PDF by range requests, an EPUB whole. With "keep for offline" on, a book once
 * opened is also copied into OPFS in the background, so it opens with the network off.
 */
export async function openS3Book(book: BookFileRef): Promise<File | Blob> {
  const copy = await readOfflineCopy(book.id, book.fileType);
  if (copy) return copy;
  const config: S3Config | null = await db().getS3Location();
  const creds = config && (await loadCredentials(config));
  if (!config || !creds) throw new AppError('NOT_FOUND', 'This book is in an S3 bucket that this browser has no keys for. An administrator can enter them on Admin → Library.');
  if (typeof navigator !== 'undefined' && navigator.onLine === false)
    throw new AppError('NOT_FOUND', 'This book is in the S3 bucket and was not downloaded for offline reading. Connect to a network to open it.');
  const client = await makeS3Client(config, creds);
  const keep = config.keepOffline !== 'off';
  const key = book.filePath;
  try {
    if (book.fileType === 'pdf') {
      if (keep)
        void getObject(client, config, key)
          .then((whole) => keepOfflineCopy(book.id, 'pdf', whole))
          .catch((e) => console.warn('Keeping the PDF offline failed', e));
      return new S3RangeBlob(book.fileSize, (start, end) => getObject(client, config, key, { range: [start, end] })) as unknown as Blob;
    }
    const whole = await getObject(client, config, key);
    if (keep) void keepOfflineCopy(book.id, 'epub', whole).catch((e) => console.warn('Keeping the EPUB offline failed', e));
    return whole;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'NoSuchKey') throw new AppError('NOT_FOUND', 'This book is no longer in the S3 bucket. The next poll removes it from the library.');
    throw new AppError('NOT_FOUND', `The book could not be read from the S3 bucket: ${(e as Error).message}`);
  }
}
