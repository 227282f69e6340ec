import type { S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '../db/api';
import { newShareToken } from '../domain/shareToken';
import { newPublishKey } from './chunkCipher';
import { publishedFolder } from './bucketPolicy';
import { publishedLink } from './publishLink';
import { manifestUrl, writeCopy, type PublishableBook, type PublishSource } from './writeCopy';
import { MAX_PRESIGN_SECONDS, type PublishedRecord, type PublishOptions, type PublishProgress } from './types';

export interface PublishInput {
  client: S3Client;
  config: S3Config;
  collectionId: string;
  shareToken: string;
  /** The app's origin: the link is `<origin>/shared/<token>#…`. */
  origin: string;
  collection: { name: string; description: string | null };
  books: PublishableBook[];
  source: PublishSource;
  signal?: AbortSignal;
  onProgress?(p: PublishProgress): void;
}

/**
 * Publications live beside the books and the sync log. The dot keeps the S3 poller from taking
 * the published copies for new books (src/s3/types.ts isBookKey skips hidden folders).
 */
export function newPublicationPrefix(config: S3Config): string {
  return `${publishedFolder(config.prefix)}${newShareToken()}/`;
}

/** A new copy under a new unguessable prefix; the record says how to update or delete it. */
export async function publishCollection(input: PublishInput, options: PublishOptions): Promise<PublishedRecord> {
  const prefix = newPublicationPrefix(input.config);
  const key = options.encrypt ? await newPublishKey() : null;
  const expiresAt =
    options.mode === 'presigned' ? Math.floor(Date.now() / 1000) + Math.min(MAX_PRESIGN_SECONDS, Math.max(60, options.expiresIn ?? MAX_PRESIGN_SECONDS)) : null;
  const plan = { client: input.client, config: input.config, prefix, mode: options.mode, expiresAt, key };
  const { files } = await writeCopy({ ...plan, collection: input.collection, books: input.books, source: input.source, existing: {}, signal: input.signal, onProgress: input.onProgress });
  const publicBase = options.mode === 'public' ? options.publicBase?.trim() || null : null;
  const url = await manifestUrl(plan, publicBase);
  return {
    collectionId: input.collectionId,
    shareToken: input.shareToken,
    prefix,
    mode: options.mode,
    expiresAt,
    key,
    publicBase,
    link: publishedLink(input.origin, input.shareToken, { manifestUrl: url, key }),
    files,
  };
}

/** Brings a live copy in line with the collection (books added or removed, renamed); same link. */
export async function updatePublication(record: PublishedRecord, input: Omit<PublishInput, 'shareToken' | 'origin' | 'collectionId'>): Promise<PublishedRecord> {
  const { files } = await writeCopy({
    client: input.client,
    config: input.config,
    prefix: record.prefix,
    mode: record.mode,
    expiresAt: record.expiresAt,
    key: record.key,
    collection: input.collection,
    books: input.books,
    source: input.source,
    existing: record.files,
    signal: input.signal,
    onProgress: input.onProgress,
  });
  return { ...record, files };
}
