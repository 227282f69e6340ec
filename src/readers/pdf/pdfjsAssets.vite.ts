/**
 * Vite plugin (build config, runs in Node): pdf.js fetches CMaps, standard fonts, ICC profiles
 * and its image-decoder wasm at run time from URLs we give it. They are copied into the build
 * under /pdfjs/ (and served from node_modules in dev) so they are same-origin, precached by the
 * service worker, and a PDF that needs them still renders offline.
 */
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import type { Plugin } from 'vite';

export const PDFJS_ASSET_DIRS = ['cmaps', 'standard_fonts', 'iccs', 'wasm'] as const;
const KEEP = new Set(['.bcmap', '.pfb', '.ttf', '.otf', '.icc', '.wasm', '.js']);
const TYPES: Record<string, string> = { '.wasm': 'application/wasm', '.js': 'text/javascript' };

function pdfjsRoot(): string {
  return dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
}

function assetFiles(): { dir: string; name: string; path: string }[] {
  const root = pdfjsRoot();
  return PDFJS_ASSET_DIRS.flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((name) => KEEP.has(extname(name)))
      .map((name) => ({ dir, name, path: join(root, dir, name) })),
  );
}

export function pdfjsAssets(): Plugin {
  return {
    name: 'alex-pdfjs-assets',
    configureServer(server) {
      const root = pdfjsRoot();
      server.middlewares.use('/pdfjs/', (req, res, next) => {
        const [dir, name] = decodeURIComponent((req.url ?? '').split('?')[0]!).replace(/^\//, '').split('/');
        if (!dir || !name || !(PDFJS_ASSET_DIRS as readonly string[]).includes(dir) || name.includes('..')) return next();
        const path = join(root, dir, name);
        try {
          statSync(path);
        } catch {
          return next();
        }
        res.setHeader('Content-Type', TYPES[extname(name)] ?? 'application/octet-stream');
        createReadStream(path).pipe(res);
      });
    },
    generateBundle() {
      for (const f of assetFiles()) this.emitFile({ type: 'asset', fileName: `pdfjs/${f.dir}/${f.name}`, source: readFileSync(f.path) });
    },
  };
}
