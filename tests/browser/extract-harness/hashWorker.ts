/// <reference lib="webworker" />
// hashFile alone, for the hashing throughput figure.
import { hashFile } from '../../../src/ingest/hash';

self.onmessage = async (ev: MessageEvent<File>) => {
  const t0 = performance.now();
  const digest = await hashFile(ev.data);
  self.postMessage({ digest, ms: performance.now() - t0 });
};
