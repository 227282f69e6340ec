import { createHash, randomFillSync } from 'node:crypto';
import { mkdtempSync, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { IngestError } from '../../src/ingest/extract';
import { hashFile } from '../../src/ingest/hash';

const dir = mkdtempSync(join(tmpdir(), 'alex-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('hashFile', () => {
  test.each(['R-intro.pdf', 'amsldoc.pdf', 'TeXoutline.pdf', 'live-manual.en.epub', 'developers-reference.epub'])(
    '%s: same digest as node:crypto',
    async (name) => {
      const path = `tests/fixtures/${name}`;
      expect(await hashFile(await openAsBlob(path))).toBe(sha256(await readFile(path)));
    },
  );

  test('a generated 40 MB file, streamed from disk: same digest, progress up to the size', async () => {
    const bytes = randomFillSync(new Uint8Array(40 * 1024 * 1024 + 12_345));
    const path = join(dir, 'big.bin');
    writeFileSync(path, bytes);
    const seen: number[] = [];
    const digest = await hashFile(await openAsBlob(path), { onProgress: (n) => seen.push(n) });
    expect(digest).toBe(sha256(bytes));
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    // Streamed: many chunks, each report larger than the last, the last one the whole file.
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((n, i) => i === 0 || n > seen[i - 1]!)).toBe(true);
    expect(seen.at(-1)).toBe(bytes.length);
  });

  test('an empty file has the empty-input digest', async () => {
    expect(await hashFile(new Blob([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  test('cancelling part-way rejects with an AbortError', async () => {
    const path = join(dir, 'abort.bin');
    writeFileSync(path, new Uint8Array(16 * 1024 * 1024));
    const ac = new AbortController();
    const p = hashFile(await openAsBlob(path), { signal: ac.signal, onProgress: (n) => n > 1024 * 1024 && ac.abort() });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('a file changed after it was listed → IngestError unreadable', async () => {
    const path = join(dir, 'changing.bin');
    writeFileSync(path, new Uint8Array(1024 * 1024));
    const file = await openAsBlob(path);
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(path, new Uint8Array(2 * 1024 * 1024).fill(1));
    const e = await hashFile(file).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(IngestError);
    expect((e as IngestError).reason).toBe('unreadable');
  });
});
