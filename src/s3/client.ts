import type { S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '../db/api';
import type { S3Credentials } from './types';

/**
 * The SDK is large: it is loaded only when a bucket is configured. Checksums are computed only
 * when an operation requires them, which keeps the x-amz-checksum-* headers (and so the CORS
 * rule the user must paste) to the minimum.
 */
export async function makeS3Client(config: S3Config, creds: S3Credentials): Promise<S3Client> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3Client({
    endpoint: config.endpoint.trim() || undefined,
    region: config.region.trim() || 'auto',
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: creds.accessKeyId.trim(), secretAccessKey: creds.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
  });
}
