import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const S3RVER_KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function corsXml(origin = '*'): string {
  return `<CORSConfiguration><CORSRule><AllowedOrigin>${origin}</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><ExposeHeader>Content-Range</ExposeHeader><ExposeHeader>Content-Length</ExposeHeader><ExposeHeader>Accept-Ranges</ExposeHeader></CORSRule></CORSConfiguration>`;
}

/**
 * A real S3 server (s3rver) on loopback with the given buckets, in a temporary folder.
 * `cors: null` leaves a bucket without any CORS rule (the browser then refuses its answers).
 */
export async function startS3(buckets: { name: string; cors?: string | null }[]): Promise<{ endpoint: string; close(): Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), 'alex-s3-'));
  const spec = buckets.map((b) => ({ name: b.name, cors: b.cors === null ? null : (b.cors ?? corsXml()) }));
  const script = join(import.meta.dirname, '..', 's3rverProcess.mjs');
  const child = spawn(process.execPath, ['--openssl-legacy-provider', script, directory, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(/READY (\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`s3rver exited (${code}): ${err}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((r) => {
        child.once('exit', () => r());
        child.kill('SIGTERM');
      });
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
