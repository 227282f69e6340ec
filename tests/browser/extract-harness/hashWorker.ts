/// <reference lib="webworker" />
// hashFile alone, for the hashing throughput figure.
import { hashFile } from '../../../src/ingest/hash';

self.onmessage = async (ev: MessageEvent<{ file: File }>) => {
  const { file } = ev.data;
  let chunks = 0;
  const t0 = performance.now();
  const digest = await hashFile(file, { onProgress: () => chunks++ });
  self.postMessage({ digest, ms: performance.now() - t0, chunks });
};
