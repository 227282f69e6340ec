/**
 * Cover thumbnails live in OPFS (`covers/<file_hash>.webp`, books.cover_path). The grid asks for
 * the same few hundred covers again and again as it scrolls, so object URLs are cached, most
 * recently used last; the oldest are revoked past the limit. A path names its content (the hash),
 * so a cached URL never goes stale.
 */
const LIMIT = 600;
const cache = new Map<string, Promise<string | null>>();
/** Covers already read, for a synchronous first paint. */
const resolved = new Map<string, string>();

async function readCover(path: string): Promise<string | null> {
  try {
    let dir = await navigator.storage.getDirectory();
    const parts = path.split('/').filter(Boolean);
    for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
    const file = await (await dir.getFileHandle(parts[parts.length - 1]!)).getFile();
    return file.size ? URL.createObjectURL(file) : null;
  } catch {
    // Missing (cover not made yet, or cleared): the card shows its typographic placeholder.
    return null;
  }
}

export function coverUrl(path: string): Promise<string | null> {
  // A published share's covers come as object URLs already (src/publish/visitor.ts).
  if (path.startsWith('blob:')) return Promise.resolve(path);
  const hit = cache.get(path);
  if (hit) {
    cache.delete(path);
    cache.set(path, hit);
    return hit;
  }
  const p = readCover(path);
  cache.set(path, p);
  void p.then((url) => url && cache.get(path) === p && resolved.set(path, url));
  // A miss is not remembered for long: the cover may be written by a scan a moment later.
  void p.then((url) => {
    if (!url) setTimeout(() => cache.get(path) === p && cache.delete(path), 5000);
  });
  while (cache.size > LIMIT) {
    const [oldest, url] = cache.entries().next().value as [string, Promise<string | null>];
    cache.delete(oldest);
    resolved.delete(oldest);
    void url.then((u) => u && URL.revokeObjectURL(u));
  }
  return p;
}

/** The cover's object URL if it was read already (no waiting), else null. */
export function peekCoverUrl(path: string): string | null {
  return resolved.get(path) ?? (path.startsWith('blob:') ? path : null);
}
