import type { S3Client } from '@aws-sdk/client-s3';
import { db } from '../data/client';
import { listBooks, nowReading } from '../data/library';
import { api } from '../data/sessionClient';
import type { S3Config } from '../db/api';
import { DEFAULT_QUERY } from '../domain/library';
import { openBookFile } from '../storage/fileSource';
import { loadCredentials } from '../s3/credentialStore';
import { makeS3Client } from '../s3/client';
import type { PublishableBook, PublishSource } from './writeCopy';

/** The bucket configured in Admin → Library with this browser's keys, or null. */
export async function ownerBucket(): Promise<{ client: S3Client; config: S3Config } | null> {
  const config = await db().getS3Location();
  const creds = config?.bucket ? await loadCredentials(config) : null;
  if (!config || !creds) return null;
  return { client: await makeS3Client(config, creds), config };
}

/** Every book of the collection with what publishing needs (path, source, cover, hash). */
export async function collectionBooks(collectionId: string): Promise<{ books: PublishableBook[]; localMode: 'folder' | 'import' | null }> {
  const ids = new Set((await nowReading(collectionId)).map((b) => b.id));
  for (let offset = 0; ; offset += 200) {
    const page = await listBooks(DEFAULT_QUERY, { offset, limit: 200 }, collectionId);
    page.books.forEach((b) => ids.add(b.id));
    if (page.books.length < 200) break;
  }
  const books: PublishableBook[] = [];
  let localMode: 'folder' | 'import' | null = null;
  for (const id of ids) {
    const r = await api.getBookForReading(id);
    localMode = r.localMode;
    books.push(r.book);
  }
  books.sort((a, b) => a.title.localeCompare(b.title));
  return { books, localMode };
}

async function readOpfs(path: string): Promise<Blob | null> {
  try {
    let dir = await navigator.storage.getDirectory();
    const parts = path.split('/').filter(Boolean);
    for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
    return await (await dir.getFileHandle(parts[parts.length - 1]!)).getFile();
  } catch {
    return null;
  }
}

/** Local books through the one file source the readers use; covers from OPFS. */
export function browserSource(localMode: 'folder' | 'import' | null): PublishSource {
  return {
    readFile: (b) => openBookFile(b, { localMode }),
    readCover: readOpfs,
  };
}
