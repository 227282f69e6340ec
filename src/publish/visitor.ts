import { withLocalProgress } from '../data/sharing';
import type { SharedCollection } from '../domain/collections';
import type { BookCard } from '../domain/library';
import type { OpenedBook } from '../readers/types';
import { PublishedCopy } from './PublishedCopy';
import { parsePublishedHash } from './publishLink';

/**
 * The visitor's side of a published link, for /shared/<token>: everything comes from the bucket
 * named in the #fragment, nothing from this browser's library (which may be empty, signed out).
 * The fragment is remembered for the tab, so the reader's URL and Back keep finding the copy.
 */
const KEY = (token: string) => `published-link:${token}`;
const copies = new Map<string, Promise<PublishedCopy>>();
const covers = new Map<string, Promise<string | null>>();

export interface PublishedShare {
  /** `#m=…` to append to in-app links. */
  hash: string;
  collection(): Promise<SharedCollection>;
  books(offset: number, limit: number): Promise<{ books: BookCard[]; total: number }>;
  openBook(bookId: string): Promise<OpenedBook>;
}

function hashFor(token: string): string | null {
  if (parsePublishedHash(location.hash)) {
    try {
      sessionStorage.setItem(KEY(token), location.hash);
    } catch {
      /* storage disabled: the hash in each link still carries it */
    }
    return location.hash;
  }
  try {
    return sessionStorage.getItem(KEY(token));
  } catch {
    return null;
  }
}

/** The published copy this link names, or null for a plain (this-profile) share link. */
export function publishedShare(token: string): PublishedShare | null {
  const hash = hashFor(token);
  const target = hash ? parsePublishedHash(hash) : null;
  if (!hash || !target) return null;
  const copy = () => {
    let p = copies.get(hash);
    if (!p) {
      p = PublishedCopy.open(target);
      copies.set(hash, p);
      p.catch(() => copies.delete(hash));
    }
    return p;
  };
  const coverUrl = (c: PublishedCopy, id: string) => {
    const k = `${hash}|${id}`;
    let p = covers.get(k);
    if (!p) {
      p = c
        .cover(c.book(id))
        .then((b) => (b ? URL.createObjectURL(b) : null))
        .catch(() => null);
      covers.set(k, p);
    }
    return p;
  };
  return {
    hash,
    async collection() {
      const m = (await copy()).manifest;
      return { name: m.name, description: m.description, bookCount: m.books.length };
    },
    async books(offset, limit) {
      const c = await copy();
      const page = c.manifest.books.slice(offset, offset + limit);
      const cards = await Promise.all(
        page.map(async (b): Promise<BookCard> => {
          const card: BookCard = { id: b.id, title: b.title, author: b.author, fileType: b.fileType, coverPath: await coverUrl(c, b.id), addedAt: 0, status: 'not_started', percent: 0, lastReadAt: null };
          return withLocalProgress(token, card);
        }),
      );
      return { books: cards, total: c.manifest.books.length };
    },
    async openBook(bookId) {
      const c = await copy();
      const b = c.book(bookId);
      return { id: b.id, title: b.title, author: b.author, fileType: b.fileType, fileHash: `published:${b.id}:${b.fileSize}`, file: await c.file(b) };
    },
  };
}
