import ePub, { type Book } from 'epubjs';
import { CHARS_PER_LOCATION, loadLocations, saveLocations } from './locationsCache';
import { repairSpine } from './repairSpine';

/**
 * Gives `book` its locations (what percentages come from): from the cache, else generated and
 * cached. Generation runs on a second, private copy of the book: epub.js loads each section to
 * count its characters and then unloads it, and on the shared spine that unload could empty a
 * section the reader was laying out at that moment. Resolves false when there are none.
 */
export async function bookLocations(book: Book, bytes: ArrayBuffer, key: string, disposed: () => boolean): Promise<boolean> {
  try {
    const cached = await loadLocations(key);
    if (disposed()) return false;
    if (cached) {
      book.locations.load(cached);
      return true;
    }
    const counter = ePub(bytes);
    try {
      await counter.ready;
      repairSpine(counter);
      await counter.locations.generate(CHARS_PER_LOCATION);
      if (disposed()) return false;
      const json = counter.locations.save();
      book.locations.load(json);
      void saveLocations(key, json);
      return true;
    } finally {
      counter.destroy();
    }
  } catch {
    return false; // no percentage then; reading goes on
  }
}
