import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import { rawZip } from './fixtures/epubs';
import { ZipReader } from '../../src/ingest/extract/ZipReader';
import { IngestError } from '../../src/ingest/extract/IngestError';
import { checkEpubArchive } from '../../src/readers/epub/checkArchive';

/** A blob that counts the bytes read from it, to prove what was never loaded. */
function countingBlob(bytes: Uint8Array): { blob: Blob; read: () => number } {
  let read = 0;
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
  const slice = blob.slice.bind(blob);
  blob.slice = (start?: number, end?: number) => {
    const part = slice(start, end);
    read += part.size;
    return part;
  };
  return { blob, read: () => read };
}

async function reasonOf(p: Promise<unknown>): Promise<string | null> {
  return p.then(() => null, (e: unknown) => (e instanceof IngestError ? e.reason : String(e)));
}

const MB = 1024 * 1024;

describe('zip entries obey the size limits', () => {
  it('a stored entry cannot hold more than the size it declares', async () => {
    const big = new Uint8Array(8 * MB).fill(0x20);
    const { blob, read } = countingBlob(rawZip([{ name: 'content.opf', stored: big, method: 0, declaredSize: 1024 }]));
    const zip = await ZipReader.open(blob);
    expect(await reasonOf(zip.read(zip.entries[0]!, 64 * 1024))).toBe('archive-too-large');
    expect(read()).toBeLessThan(MB);
  });

  it('packed data far larger than its declared size is refused before it is read', async () => {
    const noise = new Uint8Array(8 * MB);
    for (let i = 0; i < noise.length; i += 65536) crypto.getRandomValues(noise.subarray(i, i + 65536));
    const packed = deflateSync(noise, { level: 0 });
    const { blob, read } = countingBlob(rawZip([{ name: 'chapter.xhtml', stored: packed, method: 8, declaredSize: 1000 }]));
    const zip = await ZipReader.open(blob);
    expect(await reasonOf(zip.read(zip.entries[0]!, 64 * 1024))).toBe('archive-too-large');
    expect(read()).toBeLessThan(MB);
  });

  it('the reader checks the archive before epub.js (JSZip) sees it, reading only its directory', async () => {
    const big = new Uint8Array(8 * MB).fill(0x20);
    const { blob, read } = countingBlob(rawZip([{ name: 'OEBPS/c1.xhtml', stored: big, method: 0, declaredSize: 10 }]));
    expect(await reasonOf(checkEpubArchive(blob))).toBe('archive-too-large');
    expect(read()).toBeLessThan(MB);
  });

  it('honest entries, stored or deflated, still read', async () => {
    const text = strToU8('<p>hello</p>'.repeat(1000));
    const zip = await ZipReader.open(
      new Blob([rawZip([
        { name: 'a.xhtml', stored: text, method: 0, declaredSize: text.length },
        { name: 'b.xhtml', stored: deflateSync(text), method: 8, declaredSize: text.length },
      ]) as Uint8Array<ArrayBuffer>]),
    );
    for (const e of zip.entries) expect(await zip.read(e, MB)).toEqual(text);
  });
});
