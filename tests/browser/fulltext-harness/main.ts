// The harness page: runs the bench in a module worker (OPFS sync access handles exist only in
// workers) and hands its figures to scripts/bench-fulltext-browser.mjs through window.harness.
import type { BenchOptions, BenchResult } from './worker';

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });

function bench(opts: BenchOptions): Promise<BenchResult> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<{ ok: boolean; result?: BenchResult; error?: string }>) =>
      e.data.ok ? resolve(e.data.result!) : reject(new Error(e.data.error));
    worker.postMessage(opts);
  });
}

(window as unknown as { harness: { bench: typeof bench } }).harness = { bench };
document.getElementById('status')!.textContent = 'ready';
