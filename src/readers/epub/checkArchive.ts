import { checkPackedSize, ZipReader } from '../../ingest/extract/ZipReader';

/**
 * epub.js hands the book to JSZip, which trusts every header. Before that, the archive is held to
 * the scan's limits from its central directory alone (no entry is unpacked here): entry count,
 * total declared size, and entries whose data does not fit the size they declare. A file that
 * changed since it was scanned is checked again this way.
 */
export async function checkEpubArchive(file: Blob): Promise<void> {
  const zip = await ZipReader.open(file);
  for (const entry of zip.entries) checkPackedSize(entry);
}
