/** Secret: kept only in this browser, encrypted (src/s3/credentialStore.ts); never in the database. */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** One object of a listing that may be a book. */
export interface S3Object {
  key: string;
  etag: string;
  size: number;
  lastModified: number | null;
}

export function isBookKey(key: string): boolean {
  return /\.(pdf|epub)$/i.test(key) && !key.split('/').some((part) => part.startsWith('.'));
}

/** S3 quotes ETags; compare them without the quotes (and the weak prefix some stores add). */
export function normaliseEtag(etag: string | undefined | null): string {
  return (etag ?? '').replace(/^W\//, '').replace(/"/g, '');
}
