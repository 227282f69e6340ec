/** Where the bucket is and how to poll it. Not secret: kept in settings (key `s3_config`). */
export interface S3Config {
  /** Empty for AWS S3; e.g. https://<account>.r2.cloudflarestorage.com or http://minio:9000. */
  endpoint: string;
  region: string;
  bucket: string;
  /** Only keys under this prefix are books ("" = whole bucket). */
  prefix: string;
  forcePathStyle: boolean;
  pollSeconds: number;
  /** Keep S3 books in OPFS for offline reading: never, once opened, or all of them. */
  keepOffline: 'off' | 'opened' | 'all';
}

/** Secret: kept only in this browser, encrypted (src/s3/credentialStore.ts); never in the database. */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const DEFAULT_S3_CONFIG: S3Config = {
  endpoint: '',
  region: 'auto',
  bucket: '',
  prefix: '',
  forcePathStyle: false,
  pollSeconds: 60,
  keepOffline: 'opened',
};

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
