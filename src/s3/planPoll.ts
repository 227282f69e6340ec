import { normaliseEtag, type S3Object } from './types';

/** What the catalogue knows of a bucket's books. */
export interface KnownS3Book {
  id: string;
  key: string;
  etag: string | null;
  hash: string;
}

export interface PollPlan {
  /** Keys not in the catalogue: download, hash, extract, insert (unless the content is known). */
  added: S3Object[];
  /** Keys whose ETag changed: re-import into the same row. */
  changed: { object: S3Object; bookId: string }[];
  /** Books whose key vanished from the listing. */
  removed: KnownS3Book[];
  unchanged: number;
}

/** Diffs a complete listing against the catalogue, by key and ETag. Pure. */
export function planPoll(listing: Iterable<S3Object>, known: Iterable<KnownS3Book>): PollPlan {
  const byKey = new Map<string, KnownS3Book>();
  for (const k of known) byKey.set(k.key, k);
  const plan: PollPlan = { added: [], changed: [], removed: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const o of listing) {
    if (seen.has(o.key)) continue;
    seen.add(o.key);
    const k = byKey.get(o.key);
    if (!k) plan.added.push(o);
    else if (normaliseEtag(k.etag) !== normaliseEtag(o.etag)) plan.changed.push({ object: o, bookId: k.id });
    else plan.unchanged++;
  }
  for (const k of byKey.values()) if (!seen.has(k.key)) plan.removed.push(k);
  return plan;
}
