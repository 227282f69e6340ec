/**
 * A generated library for benchmarks: plausible titles and authors (accents, shared words, a long
 * tail of rare words), deterministic for a given seed, inserted through the repository code.
 */
import type { Db } from '../../src/db/Db';
import { insertBook } from '../../src/db/queries/books';
import { upsertProgress } from '../../src/db/queries/progress';

const COMMON = ['the', 'of', 'and', 'a', 'in', 'to', 'for', 'on', 'with', 'from'];
const NOUNS = [
  'history', 'introduction', 'guide', 'theory', 'art', 'science', 'mathematics', 'physics', 'letters', 'garden',
  'river', 'mountain', 'city', 'empire', 'revolution', 'war', 'peace', 'music', 'language', 'philosophy',
  'économie', 'société', 'mémoire', 'château', 'forêt', 'élégie', 'café', 'naïve', 'Übersetzung', 'Straße',
  'algebra', 'geometry', 'analysis', 'systems', 'networks', 'design', 'patterns', 'stories', 'poems', 'essays',
  'dreams', 'shadows', 'kingdom', 'ocean', 'islands', 'machines', 'minds', 'bodies', 'stars', 'winter',
];
const ADJ = ['modern', 'ancient', 'complete', 'practical', 'short', 'new', 'secret', 'lost', 'little', 'great', 'early', 'late', 'hidden', 'silent', 'última', 'petite'];
const FIRST = ['Anna', 'Émile', 'José', 'Chloé', 'Søren', 'Zoë', 'Björn', 'Mary', 'John', 'Li', 'Amélie', 'François', 'Ingrid', 'Pedro', 'Kenji', 'Olga', 'Ahmed', 'Nora', 'Lucía', 'Tomás'];
const LAST = ['Dupont', 'García', 'Müller', 'Kowalski', 'Brontë', 'Núñez', 'Smith', 'Tanaka', 'Rossi', 'Haddad', "O'Brien", 'Lindqvist', 'Łukasiewicz', 'Nguyen', 'Moreau', 'Silva', 'Petrov', 'Jensen', 'Okafor', 'Weiß'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A rare word (there are many of them), so searches for a specific title find a handful. */
function rareWord(r: () => number): string {
  const syll = ['ka', 'lo', 'mi', 'ra', 'to', 'ne', 'su', 'vi', 'po', 'de', 'an', 'or', 'el', 'is', 'um'];
  let w = '';
  const n = 2 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) w += syll[Math.floor(r() * syll.length)];
  return w;
}

export function generatedBook(i: number, r: () => number) {
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const parts = [pick(ADJ), pick(NOUNS), pick(COMMON), pick(NOUNS)];
  if (r() < 0.5) parts.push(rareWord(r));
  const title = parts.join(' ').replace(/^./, (c) => c.toUpperCase());
  const author = r() < 0.92 ? `${pick(FIRST)} ${pick(LAST)}` : null;
  const fileType = r() < 0.7 ? ('pdf' as const) : ('epub' as const);
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    title,
    author,
    fileType,
    filePath: `generated/${Math.floor(i / 1000)}/book-${i}.${fileType}`,
    fileSize: 100_000 + Math.floor(r() * 10_000_000),
    fileHash: i.toString(16).padStart(64, '0'),
    addedAt: 1_600_000_000 + i * 60,
    pageCount: fileType === 'pdf' ? 10 + Math.floor(r() * 500) : null,
  };
}

/**
 * Inserts `count` books (and progress for `userId`: 20 reading, 200 completed) in transactions of
 * 1,000, as an ingestion scan would.
 */
export async function generateLibrary(db: Db, count: number, opts: { userId?: string; seed?: number } = {}): Promise<void> {
  const r = rng(opts.seed ?? 42);
  for (let start = 0; start < count; start += 1000) {
    await db.transaction(async () => {
      for (let i = start; i < Math.min(count, start + 1000); i++) await insertBook(db, generatedBook(i, r));
    });
  }
  if (opts.userId) {
    await db.transaction(async () => {
      for (let k = 0; k < 220; k++) {
        const i = Math.floor((k * count) / 220);
        const reading = k < 20;
        await upsertProgress(db, opts.userId!, generatedBook(i, rng(i)).id, {
          currentPage: 3,
          totalPages: 100,
          epubLocation: null,
          percentComplete: reading ? 10 + k * 4 : 100,
          status: reading ? 'reading' : 'completed',
          lastReadAt: 1_700_000_000 + k * 3600,
        });
      }
    });
  }
}
