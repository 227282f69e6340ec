/**
 * epub.js "locations" (a CFI every N characters, what percentages are computed from) take
 * seconds to generate for a long book, so they are generated once per book content and kept in
 * OPFS `reader-cache/epub-locations/<key>.json` (localStorage when OPFS is unavailable). The key
 * is the file's content hash, so an edited file gets new locations and a moved one keeps them.
 */
const DIR = ['reader-cache', 'epub-locations'];
const LS_PREFIX = 'alex-epub-locations:';

/** Characters per location: ~one small screen of text; the same value must be used to load. */
export const CHARS_PER_LOCATION = 1024;

async function dir(create: boolean): Promise<FileSystemDirectoryHandle> {
  let d = await navigator.storage.getDirectory();
  for (const name of DIR) d = await d.getDirectoryHandle(name, { create });
  return d;
}

const fileName = (key: string) => `${key.replace(/[^a-zA-Z0-9_-]/g, '_')}-${CHARS_PER_LOCATION}.json`;

export async function loadLocations(key: string): Promise<string | null> {
  try {
    return await (await (await (await dir(false)).getFileHandle(fileName(key))).getFile()).text();
  } catch {
    try {
      return localStorage.getItem(LS_PREFIX + fileName(key));
    } catch {
      return null;
    }
  }
}

export async function saveLocations(key: string, json: string): Promise<void> {
  try {
    const w = await (await (await dir(true)).getFileHandle(fileName(key), { create: true })).createWritable();
    await w.write(json);
    await w.close();
  } catch {
    try {
      localStorage.setItem(LS_PREFIX + fileName(key), json);
    } catch {
      /* no room: they are generated again next time */
    }
  }
}
