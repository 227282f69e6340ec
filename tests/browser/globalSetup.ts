import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Serves the production build (dist/, made by `npm run build`) with vite preview on loopback. */
export async function startPreview(port: number, outDir = process.env.DIST_DIR ?? 'dist'): Promise<ChildProcess> {
  if (!existsSync(`${outDir}/index.html`)) throw new Error(`${outDir}/ is missing: run "npm run build" before the browser tests.`);
  // node + vite's bin, not npx: killing npx would orphan vite.
  const child = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}/`;
  // A generous deadline: vite's config loading alone can take seconds on a loaded 2-core machine.
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${log}`);
    try {
      if ((await fetch(url)).ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`vite preview did not start on ${url}: ${log}`);
}

export default async function setup(project: TestProject) {
  const port = await freePort();
  const child = await startPreview(port);
  project.provide('baseUrl', `http://127.0.0.1:${port}`);
  return () => {
    child.kill();
  };
}
