// Runs s3rver (a real S3 server) on loopback for tests, in its own process: s3rver's
// continuation tokens use DES, which Node 20's OpenSSL 3 only has with --openssl-legacy-provider,
// and that flag should not leak into the processes under test.
// Usage: node --openssl-legacy-provider tests/s3rverProcess.mjs <dir> '<json buckets>'
// Prints "READY <port>" when listening.
import S3rver from 's3rver';

const [directory, bucketsJson] = process.argv.slice(2);
const buckets = JSON.parse(bucketsJson);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  directory,
  silent: true,
  configureBuckets: buckets.map((b) => ({ name: b.name, configs: b.cors ? [b.cors] : [] })),
});
const { port } = await server.run();
console.log(`READY ${port}`);
process.on('SIGTERM', async () => {
  await server.close();
  process.exit(0);
});
