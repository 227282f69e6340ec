import { Inflate } from 'fflate';
import { IngestError } from './IngestError';
import { readSlice } from './readSlice';

/**
 * Reads a zip archive lazily from a Blob: the central directory once, then only the entries
 * asked for. fflate's unzip() would need the whole archive in memory and inflates everything
 * its filter lets through; an EPUB needs three small entries at most.
 *
 * Hostile archives are bounded here: the entry count, the central directory's size, the sum
 * of declared unpacked sizes, and, while inflating, the bytes actually produced (a header
 * may lie about its size; the stream is stopped as soon as it goes past the limit).
 */

export interface ZipEntry {
  name: string;
  method: number; // 0 stored, 8 deflate
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export interface ZipLimits {
  maxEntries: number;
  /** Sum of the declared unpacked sizes of all entries: past it, the archive is a bomb. */
  maxTotalSize: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxTotalSize: 2 * 1024 ** 3,
};

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
const MAX_COMMENT = 0xffff;
// Compressed bytes fed to the inflater per step. Deflate expands at most ~1032:1, so one step
// can overshoot a limit by at most ~16 MB before we notice and stop.
const INFLATE_STEP = 16 * 1024;

const utf8 = new TextDecoder('utf-8');

export class ZipReader {
  private readonly byName = new Map<string, ZipEntry>();
  private byLowerName: Map<string, ZipEntry> | undefined;

  private constructor(
    private readonly blob: Blob,
    readonly entries: ZipEntry[],
  ) {
    for (const e of entries) if (!this.byName.has(e.name)) this.byName.set(e.name, e);
  }

  /** Throws IngestError: 'damaged-archive', 'too-many-entries', 'archive-too-large', 'unreadable'. */
  static async open(blob: Blob, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipReader> {
    const size = blob.size;
    const tailStart = Math.max(0, size - (22 + MAX_COMMENT + 20));
    const tail = await readSlice(blob, tailStart, size);
    const tv = view(tail);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tv.getUint32(i, true) === EOCD_SIG) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new IngestError('damaged-archive', { detail: 'no end of central directory (truncated?)' });

    let count = tv.getUint16(eocd + 10, true);
    let cdSize = tv.getUint32(eocd + 12, true);
    let cdOffset = tv.getUint32(eocd + 16, true);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const loc = eocd - 20;
      if (loc >= 0 && tv.getUint32(loc, true) === ZIP64_LOCATOR_SIG) {
        const z64Offset = u64(tv, loc + 8);
        const z64 = view(await readSlice(blob, z64Offset, Math.min(size, z64Offset + 56)));
        if (z64.byteLength < 56 || z64.getUint32(0, true) !== ZIP64_EOCD_SIG) {
          throw new IngestError('damaged-archive', { detail: 'bad zip64 end record' });
        }
        count = u64(z64, 32);
        cdSize = u64(z64, 40);
        cdOffset = u64(z64, 48);
      }
    }
    if (count > limits.maxEntries) throw new IngestError('too-many-entries');
    // 46 bytes per entry plus names: a directory far bigger than that is not an EPUB's.
    if (cdSize > limits.maxEntries * (46 + 1024)) throw new IngestError('too-many-entries');
    if (cdOffset + cdSize > size) throw new IngestError('damaged-archive', { detail: 'central directory outside the file' });

    const cd = await readSlice(blob, cdOffset, cdOffset + cdSize);
    const cv = view(cd);
    const entries: ZipEntry[] = [];
    let total = 0;
    let p = 0;
    while (p + 46 <= cd.length && cv.getUint32(p, true) === CEN_SIG) {
      if (entries.length >= limits.maxEntries) throw new IngestError('too-many-entries');
      const flags = cv.getUint16(p + 8, true);
      const method = cv.getUint16(p + 10, true);
      let compressedSize = cv.getUint32(p + 20, true);
      let entrySize = cv.getUint32(p + 24, true);
      const nameLen = cv.getUint16(p + 28, true);
      const extraLen = cv.getUint16(p + 30, true);
      const commentLen = cv.getUint16(p + 32, true);
      let localOffset = cv.getUint32(p + 42, true);
      const nameEnd = p + 46 + nameLen;
      if (nameEnd + extraLen > cd.length) throw new IngestError('damaged-archive', { detail: 'central directory cut short' });
      // Names are UTF-8 in every EPUB tool we know of (flag bit 11); CP437 names are ASCII
      // for the entries we look up (META-INF/container.xml), so UTF-8 decoding is enough.
      const name = utf8.decode(cd.subarray(p + 46, nameEnd));
      if (entrySize === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
        let x = nameEnd;
        const xEnd = nameEnd + extraLen;
        while (x + 4 <= xEnd) {
          const id = cv.getUint16(x, true);
          const len = cv.getUint16(x + 2, true);
          if (id === 0x0001) {
            let q = x + 4;
            if (entrySize === 0xffffffff && q + 8 <= xEnd) (entrySize = u64(cv, q)), (q += 8);
            if (compressedSize === 0xffffffff && q + 8 <= xEnd) (compressedSize = u64(cv, q)), (q += 8);
            if (localOffset === 0xffffffff && q + 8 <= xEnd) localOffset = u64(cv, q);
            break;
          }
          x += 4 + len;
        }
      }
      total += entrySize;
      if (total > limits.maxTotalSize) throw new IngestError('archive-too-large');
      entries.push({ name, method, flags, compressedSize, size: entrySize, localOffset });
      p = nameEnd + extraLen + commentLen;
    }
    if (entries.length === 0 && count > 0) throw new IngestError('damaged-archive', { detail: 'empty central directory' });
    return new ZipReader(blob, entries);
  }

  /** The entry at a path: exact match first, then ignoring case (books made on Windows). */
  find(path: string): ZipEntry | undefined {
    const exact = this.byName.get(path);
    if (exact) return exact;
    if (!this.byLowerName) {
      this.byLowerName = new Map();
      for (const e of this.entries) {
        const k = e.name.toLowerCase();
        if (!this.byLowerName.has(k)) this.byLowerName.set(k, e);
      }
    }
    return this.byLowerName.get(path.toLowerCase());
  }

  /**
   * The unpacked bytes of an entry, at most `maxBytes` of them. A declared size over the
   * limit throws `tooBig` (the caller knows what the entry is: 'too-large-xml' for an OPF);
   * producing more than declared, or more than the limit, is a bomb: 'archive-too-large'.
   */
  async read(entry: ZipEntry, maxBytes: number, tooBig: 'too-large-xml' | 'archive-too-large' = 'archive-too-large'): Promise<Uint8Array> {
    if (entry.size > maxBytes) throw new IngestError(tooBig);
    if (entry.flags & 1) throw new IngestError('damaged-archive', { detail: `${entry.name} is encrypted` });
    if (entry.method !== 0 && entry.method !== 8) {
      throw new IngestError('damaged-archive', { detail: `${entry.name} uses unsupported compression method ${entry.method}` });
    }
    const header = view(await readSlice(this.blob, entry.localOffset, entry.localOffset + 30));
    if (header.byteLength < 30 || header.getUint32(0, true) !== LOC_SIG) {
      throw new IngestError('damaged-archive', { detail: `bad local header for ${entry.name}` });
    }
    checkPackedSize(entry);
    const start = entry.localOffset + 30 + header.getUint16(26, true) + header.getUint16(28, true);
    const end = start + entry.compressedSize;
    if (end > this.blob.size) throw new IngestError('damaged-archive', { detail: `${entry.name} runs past the end of the file` });
    const data = await readSlice(this.blob, start, end);
    if (entry.method === 0) return data;
    return inflateBounded(data, Math.min(maxBytes, entry.size), entry.name);
  }

  async readText(entry: ZipEntry, maxBytes: number, tooBig: 'too-large-xml' | 'archive-too-large' = 'too-large-xml'): Promise<string> {
    return decodeText(await this.read(entry, maxBytes, tooBig));
  }
}

/**
 * The packed size must fit the unpacked size it declares, which is already under the caller's
 * limit: a stored entry is its own size, and deflate never grows data by more than 5 bytes per
 * stored block. A lying header is refused before any of its data is read, so no more than about
 * the limit is ever read into memory.
 */
export function checkPackedSize(entry: Pick<ZipEntry, 'name' | 'method' | 'size' | 'compressedSize'>): void {
  const most = entry.method === 0 ? entry.size : entry.size + 5 * Math.ceil(entry.size / 16_383 + 1) + 64;
  // More data than declared is the bomb's lie; less, for a stored entry, a damaged file.
  if (entry.compressedSize > most) throw new IngestError('archive-too-large', { detail: `${entry.name} holds more data than it declares` });
  if (entry.method === 0 && entry.compressedSize < entry.size)
    throw new IngestError('damaged-archive', { detail: `${entry.name} is stored with less data than it declares` });
}

function inflateBounded(data: Uint8Array, limit: number, name: string): Uint8Array {
  const out = new Uint8Array(limit);
  let produced = 0;
  let overflow = false;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    if (produced + chunk.length > limit) {
      overflow = true;
      // Stops fflate inside push(): the rest of the stream is never inflated.
      throw new RangeError('limit');
    }
    out.set(chunk, produced);
    produced += chunk.length;
    if (final) finished = true;
  });
  try {
    for (let i = 0; i < data.length || i === 0; i += INFLATE_STEP) {
      inflater.push(data.subarray(i, i + INFLATE_STEP), i + INFLATE_STEP >= data.length);
      if (finished) break;
    }
  } catch (e) {
    if (overflow) throw new IngestError('archive-too-large', { detail: `${name} unpacks to more than it declares` });
    throw new IngestError('damaged-archive', { cause: e, detail: `${name}: ${(e as Error).message}` });
  }
  return out.subarray(0, produced);
}

/**
 * XML text from bytes: UTF-16 when a byte order mark says so, else the encoding the XML
 * declaration names (older tools wrote ISO-8859-1 / windows-1252 package files), else UTF-8.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const declared = /^(?:\ufeff)?<\?xml[^>]*?\sencoding\s*=\s*["']([\w.:-]+)["']/i.exec(String.fromCharCode(...bytes.subarray(0, 200)))?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      /* a label TextDecoder does not know: UTF-8 is the best guess */
    }
  }
  return utf8.decode(bytes); // TextDecoder drops a UTF-8 BOM
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function u64(v: DataView, at: number): number {
  return v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32;
}
