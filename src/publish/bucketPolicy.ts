import { CORS_ALLOWED_HEADERS, CORS_EXPOSE } from '../s3/corsRules';

/**
 * What a bucket needs for publishing. Writing: the app's origin may also PUT (upload, and
 * server-side copy with x-amz-copy-source) and DELETE. Reading by visitors: GET/HEAD with a
 * Range header from the same origin, which the library's own CORS rule already allows. Public
 * mode: anonymous s3:GetObject on the publications' folder only — never ListBucket, so nobody
 * can enumerate the unguessable prefixes.
 */
export const PUBLISH_CORS_METHODS = ['GET', 'HEAD', 'PUT', 'DELETE'];
export const PUBLISH_CORS_HEADERS = [...CORS_ALLOWED_HEADERS, 'x-amz-copy-source', 'x-amz-metadata-directive'];

export function publishCorsJson(origin: string): string {
  return JSON.stringify(
    [{ AllowedOrigins: [origin], AllowedMethods: PUBLISH_CORS_METHODS, AllowedHeaders: PUBLISH_CORS_HEADERS, ExposeHeaders: CORS_EXPOSE, MaxAgeSeconds: 3600 }],
    null,
    2,
  );
}

export function publishCorsXml(origin: string): string {
  return [
    '<CORSConfiguration>',
    '  <CORSRule>',
    `    <AllowedOrigin>${origin}</AllowedOrigin>`,
    ...PUBLISH_CORS_METHODS.map((m) => `    <AllowedMethod>${m}</AllowedMethod>`),
    ...PUBLISH_CORS_HEADERS.map((h) => `    <AllowedHeader>${h}</AllowedHeader>`),
    ...CORS_EXPOSE.map((h) => `    <ExposeHeader>${h}</ExposeHeader>`),
    '    <MaxAgeSeconds>3600</MaxAgeSeconds>',
    '  </CORSRule>',
    '</CORSConfiguration>',
  ].join('\n');
}

/** The folder every publication lives under (`<prefix>.published/`). */
export function publishedFolder(prefix: string): string {
  return `${prefix}.published/`;
}

/** AWS: bucket → Permissions → Bucket policy (and Block Public Access off for policies). */
export function awsPublicPolicy(bucket: string, prefix: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AlexPublishedCollections', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/${publishedFolder(prefix)}*` },
      ],
    },
    null,
    2,
  );
}

/** MinIO: `mc anonymous set-json policy.json ALIAS/BUCKET` (same policy language as AWS). */
export function minioPublicPolicy(bucket: string, prefix: string): string {
  return awsPublicPolicy(bucket, prefix);
}

export type PolicyProvider = 'aws' | 'r2' | 'minio';

/** Plain-words steps beside each policy. */
export function policyWhere(provider: PolicyProvider, bucket: string, prefix: string): string {
  if (provider === 'aws')
    return 'AWS console → S3 → your bucket → Permissions: turn off "Block public access" for bucket policies, then Bucket policy → Edit, and paste:';
  if (provider === 'minio') return `Save this as policy.json and run: mc anonymous set-json policy.json ALIAS/${bucket}  (or: mc anonymous set download ALIAS/${bucket}/${publishedFolder(prefix)})`;
  return 'R2 has no bucket policies. Cloudflare dashboard → R2 → your bucket → Settings → Public access: allow the r2.dev address or connect a custom domain, then enter that address as "Public address" above. It makes every object of the bucket readable by its key, so use a bucket that holds only what you publish — or choose links that expire.';
}
