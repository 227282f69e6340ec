/**
 * The CORS rule a bucket needs so this app's origin may list, read and write it. Reading needs
 * GET/HEAD; sync between devices and publishing write (PUT), and publishing removes stale copies
 * (DELETE). Headers: those the AWS SDK sends with checksums only "when required"
 * (src/s3/client.ts), plus `if-none-match` (sync's create-only PUT) and the two headers of a
 * server-side copy (publishing).
 */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'x-amz-date',
  'x-amz-content-sha256',
  'x-amz-user-agent',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
  'content-type',
  'range',
  'if-none-match',
  'x-amz-copy-source',
  'x-amz-metadata-directive',
];
export const CORS_METHODS = ['GET', 'HEAD', 'PUT', 'DELETE'];
export const CORS_EXPOSE = ['ETag', 'Content-Length', 'Content-Range', 'Accept-Ranges'];

/** AWS S3 console → bucket → Permissions → CORS (JSON). */
export function awsCorsJson(origin: string): string {
  return JSON.stringify(
    [{ AllowedOrigins: [origin], AllowedMethods: CORS_METHODS, AllowedHeaders: CORS_ALLOWED_HEADERS, ExposeHeaders: CORS_EXPOSE, MaxAgeSeconds: 3600 }],
    null,
    2,
  );
}

/** Cloudflare R2 dashboard → bucket → Settings → CORS policy (same JSON shape as AWS). */
export function r2CorsJson(origin: string): string {
  return awsCorsJson(origin);
}

/** MinIO: `mc cors set ALIAS/BUCKET cors.xml` with this file (the S3 XML form). */
export function minioCorsXml(origin: string): string {
  const lines = [
    '<CORSConfiguration>',
    '  <CORSRule>',
    `    <AllowedOrigin>${origin}</AllowedOrigin>`,
    ...CORS_METHODS.map((m) => `    <AllowedMethod>${m}</AllowedMethod>`),
    ...CORS_ALLOWED_HEADERS.map((h) => `    <AllowedHeader>${h}</AllowedHeader>`),
    ...CORS_EXPOSE.map((h) => `    <ExposeHeader>${h}</ExposeHeader>`),
    '    <MaxAgeSeconds>3600</MaxAgeSeconds>',
    '  </CORSRule>',
    '</CORSConfiguration>',
  ];
  return lines.join('\n');
}
