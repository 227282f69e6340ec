import { CopyObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3Config } from '../db/api';
import type { Book } from '../domain/types';
import { getObject } from '../s3/bucketReads';
import { importPublishKey, seal } from './chunkCipher';
import { deleteKeys, objectUrl } from './bucketObjects';
import { MAX_PRESIGN_SECONDS, type PublishedBook, type PublishedManifest, type PublishedObject, type PublishMode, type PublishProgress } from './types';

export type PublishableBook = Pick<Book, 'id' | 'title' | 'author' | 'fileType' | 'pageCount' | 'fileSize' | 'fileHash' | 'filePath' | 'source' | 's3Bucket' | 'coverPath'>;

/** Where book bytes come from on the owner's side (the file source, OPFS covers). */
export interface PublishSource {
  /** A local book's bytes (S3 books are copied inside the bucket unless encrypted). */
  readFile(book: PublishableBook): Promise<Blob>;
  readCover(path: string): Promise<Blob | null>;
}

export interface CopyPlan {
  client: S3Client;
  config: S3Config;
  /** `<prefix>.published/<random>/` */
  prefix: string;
  mode: PublishMode;
  /** Unix seconds when presigned URLs expire (presigned mode). */
  expiresAt: number | null;
  /** base64url key: encrypt every object. */
  key: string | null;
  collection: { name: string; description: string | null };
  books: PublishableBook[];
  source: PublishSource;
  /** What is already written under this prefix (an update); empty for a new copy. */
  existing: PublishedFiles;
  signal?: AbortSignal;
  onProgress?(p: PublishProgress): void;
}

/** Book id → what was published of it: its content hash, and whether a cover went with it. */
export type PublishedFiles = Record<string, { hash: string; cover: boolean }>;

const TYPES = { pdf: 'application/pdf', epub: 'application/epub+zip' } as const;

export function bookPath(b: Pick<PublishableBook, 'id' | 'fileType'>): string {
  return `books/${b.id}.${b.fileType}`;
}
export function coverPath(b: Pick<PublishableBook, 'id'>): string {
  return `covers/${b.id}`;
}

/**
 * Writes (or updates) one publication: the books and covers that are new or changed, then the
 * manifest, last, then removes objects of books that left the collection. A failure or Cancel
 * before the manifest leaves the previous manifest (or none) in place, so the link never points
 * at a half-written copy; objects written by the failed run are removed. Returns the manifest
 * and the book id → hash map now published.
 */
export async function writeCopy(plan: CopyPlan): Promise<{ manifest: PublishedManifest; files: PublishedFiles }> {
  const { client, config, prefix, signal } = plan;
  const bucket = config.bucket;
  const cryptoKey = plan.key ? await importPublishKey(plan.key) : null;
  const written: string[] = [];
  const opts = { abortSignal: signal };

  const put = async (path: string, body: Blob, type: string) => {
    signal?.throwIfAborted();
    const data = cryptoKey ? await seal(cryptoKey, body) : body;
    // The SDK takes a Blob in the browser; Node's SDK wants bytes with a known length.
    const Body = typeof window === 'undefined' ? new Uint8Array(await data.arrayBuffer()) : data;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: prefix + path, Body, ContentType: cryptoKey ? 'application/octet-stream' : type }), opts);
    written.push(prefix + path);
  };

  const files: PublishedFiles = {};
  for (const b of plan.books) if (plan.existing[b.id]?.hash === b.fileHash) files[b.id] = plan.existing[b.id]!;
  const todo = plan.books.filter((b) => !files[b.id]);
  const total = todo.reduce((n, b) => n + b.fileSize, 0);
  let done = 0;
  try {
    for (const b of todo) {
      plan.onProgress?.({ done, total, current: b.title });
      if (b.source === 's3' && !cryptoKey) {
        // Already in a bucket: the server copies it, no bytes pass through this browser.
        const from = `${b.s3Bucket || bucket}/${b.filePath.split('/').map(encodeURIComponent).join('/')}`;
        await client.send(new CopyObjectCommand({ Bucket: bucket, Key: prefix + bookPath(b), CopySource: from, ContentType: TYPES[b.fileType], MetadataDirective: 'REPLACE' }), opts);
        written.push(prefix + bookPath(b));
      } else {
        const bytes = b.source === 's3' ? await getObject(client, { ...config, bucket: b.s3Bucket || bucket }, b.filePath, { signal }) : await plan.source.readFile(b);
        await put(bookPath(b), bytes, TYPES[b.fileType]);
      }
      const cover = b.coverPath ? await plan.source.readCover(b.coverPath).catch(() => null) : null;
      if (cover) await put(coverPath(b), cover, cover.type || 'image/webp');
      files[b.id] = { hash: b.fileHash, cover: !!cover };
      done += b.fileSize;
    }
    plan.onProgress?.({ done: total, total, current: '' });
    const manifest = await buildManifest(plan, files);
    await put('manifest.json', new Blob([JSON.stringify(manifest)]), 'application/json');
    const kept = new Set(plan.books.map((b) => b.id));
    const gone = Object.keys(plan.existing).filter((id) => !kept.has(id));
    await removeBooks(plan, gone);
    return { manifest, files };
  } catch (e) {
    // The manifest was not (re)written: whatever this run added is unreachable, so remove it,
    // except objects of an update that the live manifest still lists (same key, rewritten).
    const orphans = written.filter((k) => !Object.keys(plan.existing).some((id) => k.includes(`/${id}`)));
    await deleteKeys(client, bucket, orphans).catch(() => {});
    throw e;
  }
}

async function removeBooks(plan: CopyPlan, ids: string[]): Promise<void> {
  const keys = ids.flatMap((id) => ['pdf', 'epub'].map((t) => plan.prefix + bookPath({ id, fileType: t as 'pdf' })).concat(plan.prefix + coverPath({ id })));
  await deleteKeys(plan.client, plan.config.bucket, keys);
}

async function buildManifest(plan: CopyPlan, files: PublishedFiles): Promise<PublishedManifest> {
  const object = async (path: string): Promise<PublishedObject> => {
    if (plan.mode === 'public') return { path };
    const expiresIn = Math.max(1, Math.min(MAX_PRESIGN_SECONDS, (plan.expiresAt ?? 0) - Math.floor(Date.now() / 1000)));
    const url = await getSignedUrl(plan.client, new GetObjectCommand({ Bucket: plan.config.bucket, Key: plan.prefix + path }), { expiresIn });
    return { path, url };
  };
  const books: PublishedBook[] = [];
  for (const b of plan.books)
    books.push({
      id: b.id,
      title: b.title,
      author: b.author,
      fileType: b.fileType,
      pageCount: b.pageCount,
      fileSize: b.fileSize,
      file: await object(bookPath(b)),
      cover: files[b.id]?.cover ? await object(coverPath(b)) : null,
    });
  return {
    v: 1,
    name: plan.collection.name,
    description: plan.collection.description,
    publishedAt: Math.floor(Date.now() / 1000),
    expiresAt: plan.mode === 'presigned' ? plan.expiresAt : null,
    encrypted: !!plan.key,
    books,
  };
}

/** The manifest's address for the link: public URL, or presigned until the copy's expiry. */
export async function manifestUrl(plan: Pick<CopyPlan, 'client' | 'config' | 'prefix' | 'mode' | 'expiresAt'>, publicBase: string | null): Promise<string> {
  const key = plan.prefix + 'manifest.json';
  if (plan.mode === 'public') return objectUrl(plan.config, key, publicBase);
  const expiresIn = Math.max(1, Math.min(MAX_PRESIGN_SECONDS, (plan.expiresAt ?? 0) - Math.floor(Date.now() / 1000)));
  return getSignedUrl(plan.client, new GetObjectCommand({ Bucket: plan.config.bucket, Key: key }), { expiresIn });
}
