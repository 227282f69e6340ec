/**
 * A corpus of real books for the ingest benchmark: the PDF and EPUB documentation shipped in
 * Debian packages (TeX Live package manuals, the R manuals, Debian's own guides), plus the shared
 * sample books. Built once into a cache folder outside the repository; `manifest.json` lists it.
 *
 * Files under MIN_BYTES are left out so the corpus is about 600 files and 300 MB, 1 to a few
 * thousand pages, like a shelf of software manuals (most of those small files are one-page
 * examples, not books).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const CORPUS_DIR = process.env.ALEX_CORPUS ?? '/var/cache/alex-bench/corpus';
const SHARED = process.env.ALEX_SHARED_CORPUS ?? '/work/shared/corpus';
const PACKAGES = [
  'texlive-latex-base-doc',
  'texlive-latex-recommended-doc',
  'texlive-science-doc',
  'texlive-metapost-doc',
  'texlive-humanities-doc',
  'texlive-fonts-recommended-doc',
  'r-doc-pdf',
  'live-manual-epub',
  'developers-reference',
  'maint-guide',
];
const MIN_BYTES = 180 * 1024;
const BOOK = /\.(pdf|epub)$/i;

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

/** How to build the corpus, for benches that skip their real-books part without it. */
export const CORPUS_HINT = `no corpus of real books in ${CORPUS_DIR}: build it once with \`npm run bench:corpus\` (apt-get download of Debian documentation packages; ALEX_CORPUS moves it), and \`apt-get install -y calibre\` for the comparison`;

/** The corpus's files if it has been built, else null (never builds it). */
export function existingCorpus() {
  const manifest = join(CORPUS_DIR, 'manifest.json');
  return existsSync(manifest) ? ensureCorpus() : null;
}

/** The corpus's files ({ path relative to CORPUS_DIR, abs, size }), built first if missing. */
export function ensureCorpus({ log = console.log } = {}) {
  const manifest = join(CORPUS_DIR, 'manifest.json');
  if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).files.map((f) => ({ ...f, abs: join(CORPUS_DIR, f.path) }));
  return buildCorpus(log);
}

function buildCorpus(log) {
  const debs = join(dirname(CORPUS_DIR), 'debs');
  mkdirSync(debs, { recursive: true });
  const have = readdirSync(debs);
  const missing = PACKAGES.filter((p) => !have.some((f) => f.startsWith(`${p}_`)));
  if (missing.length) {
    log(`(downloading ${missing.length} Debian documentation packages into ${debs})`);
    execFileSync('apt-get', ['download', '-q', ...missing], { cwd: debs, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  rmSync(CORPUS_DIR, { recursive: true, force: true });
  const files = [];
  const tmp = mkdtempSync(join(dirname(CORPUS_DIR), 'extract-'));
  try {
    for (const pkg of PACKAGES) {
      const deb = readdirSync(debs).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
      const into = join(tmp, pkg);
      execFileSync('dpkg-deb', ['-x', join(debs, deb), into]);
      for (const abs of [...walk(into)].sort()) {
        const size = statSync(abs).size;
        if (!BOOK.test(abs) || size < MIN_BYTES) continue;
        const path = join(pkg, relative(into, abs).replace(/^usr\/share\/(doc\/(texlive-doc\/)?)?/, ''));
        files.push({ path, size, abs: join(CORPUS_DIR, path), src: abs });
      }
    }
    for (const f of files) {
      mkdirSync(dirname(f.abs), { recursive: true });
      copyFileSync(f.src, f.abs);
      delete f.src;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (existsSync(SHARED)) {
    for (const name of readdirSync(SHARED).filter((n) => BOOK.test(n)).sort()) {
      const path = join('shared', name);
      const abs = join(CORPUS_DIR, path);
      mkdirSync(dirname(abs), { recursive: true });
      copyFileSync(join(SHARED, name), abs);
      files.push({ path, size: statSync(abs).size, abs });
    }
  }
  writeFileSync(join(CORPUS_DIR, 'manifest.json'), JSON.stringify({ packages: PACKAGES, minBytes: MIN_BYTES, files: files.map(({ path, size }) => ({ path, size })) }, null, 1));
  log(`(corpus: ${files.length} files, ${(files.reduce((n, f) => n + f.size, 0) / 1e6).toFixed(0)} MB in ${CORPUS_DIR})`);
  return files;
}
