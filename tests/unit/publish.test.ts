import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { makeS3Client } from '../../src/s3/client';
import { DEFAULT_S3_CONFIG, type S3Config } from '../../src/db/api';
import { publishCollection, updatePublication } from '../../src/publish/publishCollection';
import { deletePublication, listKeys } from '../../src/publish/bucketObjects';
import { PublishedCopy } from '../../src/publish/PublishedCopy';
import { parsePublishedHash } from '../../src/publish/publishLink';
import type { PublishableBook, PublishSource } from '../../src/publish/writeCopy';
import { isAppError } from '../../src/domain/errors';
import { S3RVER_KEYS, startS3 } from './s3server';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const bytes = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const COVER = new Uint8Array([82, 73, 70, 70, 1, 2, 3, 4]);

function book(id: string, file: string, over: Partial<PublishableBook> = {}): PublishableBook {
  return {
    id,
    title: `Title ${id}`,
    author: `Author ${id}`,
    fileType: file.endsWith('.pdf') ? 'pdf' : 'epub',
    pageCount: file.endsWith('.pdf') ? 3 : null,
    fileSize: bytes(file).length,
    fileHash: `hash-${id}-${file}`,
    filePath: file,
    source: 'local',
    s3Bucket: null,
    coverPath: `covers/${id}.webp`,
    ...over,
  };
}

/** Local books read from the fixtures, like the browser's file source reads the picked folder. */
const source: PublishSource = {
  async readFile(b) {
    return new Blob([bytes(b.filePath)]);
  },
  async readCover() {
    return new Blob([COVER], { type: 'image/webp' });
  },
};

let s3: Awaited<ReturnType<typeof startS3>>;
let config: S3Config;
let client: S3Client;
const origin = 'https://alex.example';

beforeAll(async () => {
  s3 = await startS3([{ name: 'books' }]);
  config = { ...DEFAULT_S3_CONFIG, endpoint: s3.endpoint, region: 'us-east-1', bucket: 'books', prefix: 'lib/', forcePathStyle: true };
  client = await makeS3Client(config, S3RVER_KEYS);
  // An S3 book the collection holds: published by a server-side copy.
  await client.send(new PutObjectCommand({ Bucket: 'books', Key: 'lib/shelf/TeXoutline.pdf', Body: bytes('TeXoutline.pdf') }));
}, 60_000);
afterAll(async () => {
  client?.destroy();
  await s3?.close();
});

const s3Book = book('s3book', 'TeXoutline.pdf', { source: 's3', s3Bucket: 'books', filePath: 'lib/shelf/TeXoutline.pdf', coverPath: null });
const input = (books: PublishableBook[], extra: Partial<Parameters<typeof publishCollection>[0]> = {}) => ({
  client,
  config,
  collectionId: 'c1',
  shareToken: 'AAAAAAAAAAAAAAAAAAAAAA',
  origin,
  collection: { name: 'Weekend reading', description: 'Short ones' },
  books,
  source,
  ...extra,
});

const visit = (link: string) => PublishedCopy.open(parsePublishedHash(new URL(link).hash)!);

describe('publishing a collection to the bucket (s3rver)', () => {
  it('public copy: manifest with only the collection, books copied or uploaded, readable by anyone; delete empties the prefix', async () => {
    const local = book('local1', 'live-manual.en.epub');
    const rec = await publishCollection(input([local, s3Book]), { mode: 'public', encrypt: false });
    expect(rec.prefix).toMatch(/^lib\/\.published\/[A-Za-z0-9_-]{22}\/$/);
    expect(rec.link.startsWith(`${origin}/shared/AAAAAAAAAAAAAAAAAAAAAA#m=`)).toBe(true);

    const keys = await listKeys(client, 'books', rec.prefix);
    expect(keys.map((k) => k.slice(rec.prefix.length)).sort()).toEqual(['books/local1.epub', 'books/s3book.pdf', 'covers/local1', 'manifest.json']);

    // What an anonymous visitor reads: exactly these books, and no owner.
    const copy = await visit(rec.link);
    expect(copy.manifest).toMatchObject({ name: 'Weekend reading', description: 'Short ones', encrypted: false, expiresAt: null });
    expect(copy.manifest.books.map((b) => [b.title, b.author, b.fileType])).toEqual([
      ['Title local1', 'Author local1', 'epub'],
      ['Title s3book', 'Author s3book', 'pdf'],
    ]);
    expect(JSON.stringify(copy.manifest)).not.toMatch(/owner|userId|user_id|admin|filePath|live-manual/);
    const epub = await copy.file(copy.book('local1'));
    expect(new Uint8Array(await epub.arrayBuffer())).toEqual(bytes('live-manual.en.epub'));
    const pdf = await copy.file(copy.book('s3book'));
    expect(pdf.size).toBe(bytes('TeXoutline.pdf').length);
    expect(new Uint8Array(await pdf.slice(100, 200).arrayBuffer())).toEqual(bytes('TeXoutline.pdf').slice(100, 200));
    expect(new Uint8Array(await (await copy.cover(copy.book('local1')))!.arrayBuffer())).toEqual(COVER);

    await deletePublication(client, 'books', rec.prefix);
    expect(await listKeys(client, 'books', rec.prefix)).toEqual([]);
    const gone = await visit(rec.link).catch((e) => e);
    expect(isAppError(gone, 'NOT_FOUND')).toBe(true);
    expect(gone.message).toBe('This link is no longer shared.');
    // The library's own book is untouched.
    await expect(client.send(new GetObjectCommand({ Bucket: 'books', Key: 'lib/shelf/TeXoutline.pdf' }))).resolves.toBeTruthy();
  });

  it('presigned and encrypted: links carry an expiry, the bucket holds nothing readable, ranges decrypt', async () => {
    const pdfBook = book('pdf1', 'amsldoc.pdf');
    const before = Math.floor(Date.now() / 1000);
    const rec = await publishCollection(input([pdfBook, s3Book]), { mode: 'presigned', expiresIn: 30 * 24 * 3600, encrypt: true });
    // Capped at 7 days.
    expect(rec.expiresAt! - before).toBeLessThanOrEqual(7 * 24 * 3600 + 1);
    expect(rec.expiresAt! - before).toBeGreaterThanOrEqual(7 * 24 * 3600 - 5);
    const target = parsePublishedHash(new URL(rec.link).hash)!;
    expect(target.manifestUrl).toContain('X-Amz-Signature=');
    expect(target.key).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // Raw objects: no title, no PDF header.
    for (const k of await listKeys(client, 'books', rec.prefix)) {
      const raw = await (await client.send(new GetObjectCommand({ Bucket: 'books', Key: k }))).Body!.transformToString('latin1');
      expect(raw).not.toContain('%PDF');
      expect(raw).not.toContain('Weekend reading');
    }
    // A plain GET of the manifest without its signature is refused by a real S3 (s3rver does not enforce policies).
    const copy = await PublishedCopy.open(target);
    expect(copy.manifest.encrypted).toBe(true);
    expect(copy.manifest.expiresAt).toBe(rec.expiresAt);
    expect(copy.manifest.books.every((b) => b.file.url?.includes('X-Amz-Expires='))).toBe(true);
    const plain = bytes('amsldoc.pdf');
    const pdf = await copy.file(copy.book('pdf1'));
    expect(pdf.size).toBe(plain.length);
    // A range across a chunk boundary, and the tail.
    expect(new Uint8Array(await pdf.slice(65_000, 140_000).arrayBuffer())).toEqual(plain.slice(65_000, 140_000));
    expect(new Uint8Array(await pdf.slice(plain.length - 10).arrayBuffer())).toEqual(plain.slice(plain.length - 10));
    // The S3 book was read and sealed (a server-side copy would have left it readable).
    expect(new Uint8Array(await (await copy.file(copy.book('s3book'))).arrayBuffer())).toEqual(bytes('TeXoutline.pdf'));

    // A wrong key opens nothing.
    const wrong = await PublishedCopy.open({ ...target, key: 'A'.repeat(43) }).catch((e) => e);
    expect(isAppError(wrong, 'NOT_FOUND')).toBe(true);
    await deletePublication(client, 'books', rec.prefix);
  });

  it('adding and removing books updates the copy in place under the same link', async () => {
    const a = book('a', 'live-manual.en.epub');
    const b = book('b', 'TeXoutline.pdf');
    let rec = await publishCollection(input([a]), { mode: 'public', encrypt: false });
    const link = rec.link;
    rec = await updatePublication(rec, { ...input([b]), collection: { name: 'Renamed', description: null } });
    expect(rec.link).toBe(link);
    const copy = await visit(link);
    expect(copy.manifest.name).toBe('Renamed');
    expect(copy.manifest.books.map((x) => x.id)).toEqual(['b']);
    const keys = (await listKeys(client, 'books', rec.prefix)).map((k) => k.slice(rec.prefix.length)).sort();
    expect(keys).toEqual(['books/b.pdf', 'covers/b', 'manifest.json']);
    await deletePublication(client, 'books', rec.prefix);
  });

  it('a failure or Cancel midway publishes nothing: no manifest, and what was written is removed', async () => {
    const broken: PublishSource = {
      ...source,
      async readFile(x) {
        if (x.id === 'bad') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return source.readFile(x);
      },
    };
    const before = await listKeys(client, 'books', 'lib/.published/');
    const err = await publishCollection(input([book('ok', 'TeXoutline.pdf'), book('bad', 'amsldoc.pdf')], { source: broken }), { mode: 'public', encrypt: false }).catch((e) => e);
    expect(err).toBeInstanceOf(DOMException);
    expect(await listKeys(client, 'books', 'lib/.published/')).toEqual(before);

    const controller = new AbortController();
    const cancelled = await publishCollection(
      input([book('one', 'TeXoutline.pdf'), book('two', 'amsldoc.pdf')], {
        signal: controller.signal,
        onProgress: (p) => p.current === 'Title two' && controller.abort(),
      }),
      { mode: 'public', encrypt: false },
    ).catch((e) => e);
    expect(controller.signal.aborted).toBe(true);
    expect(cancelled).toBeTruthy();
    expect(await listKeys(client, 'books', 'lib/.published/')).toEqual(before);
  });
});
