import { IngestError } from './IngestError';

/**
 * Bytes [start, end) of a file. Reads only that range (File.slice is lazy), so a 2 GB book
 * costs what we look at. A read failure (the file was removed or rewritten since it was
 * listed: Chromium's NotReadableError) becomes IngestError('unreadable').
 */
export async function readSlice(file: Blob, start: number, end: number): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.slice(start, end).arrayBuffer());
  } catch (e) {
    throw new IngestError('unreadable', { cause: e });
  }
}
