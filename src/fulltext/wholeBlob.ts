/**
 * A real Blob for the full-text worker. Local books already are one (a File on disk); an S3 PDF
 * is opened for the reader as a range-reading stand-in (src/s3/S3RangeBlob.ts), which cannot be
 * posted to a worker: indexing reads every page anyway, so the object is fetched whole, once.
 */
export async function wholeBlob(file: Blob): Promise<Blob> {
  if (file instanceof Blob) return file;
  const like = file as { arrayBuffer(): Promise<ArrayBuffer>; type?: string };
  return new Blob([await like.arrayBuffer()], { type: like.type ?? '' });
}
