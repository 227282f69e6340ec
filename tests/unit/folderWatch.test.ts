import { describe, expect, it } from 'vitest';
import { applyChanges, changedPaths, type ChangeRecord, type Resolved } from '../../src/ingest/folderWatch';
import type { ListedBook } from '../../src/ingest/walkFolder';

/** A folder as path → content; listing entries as walkFolder makes them. */
type Tree = Map<string, string>;
const book = (path: string, content: string): ListedBook => ({ path, size: content.length, mtime: content.length * 10, file: new File([content], path) });
const listingOf = (t: Tree) => new Map([...t].filter(([p]) => /\.(pdf|epub)$/i.test(p) && !p.split('/').some((x) => x.startsWith('.'))).map(([p, c]) => [p, book(p, c)]));

/** What the folder has at `path` now, as resolvePath says it in the browser. */
function resolver(t: Tree, looked: string[]) {
  return async (path: string): Promise<Resolved> => {
    looked.push(path);
    if (t.has(path)) return /\.(pdf|epub)$/i.test(path) ? { kind: 'file', book: book(path, t.get(path)!) } : null;
    const under = [...t].filter(([p]) => p.startsWith(`${path}/`));
    if (!under.length) return null;
    return { kind: 'folder', books: [...listingOf(new Map(under)).values()] };
  };
}

const rec = (type: ChangeRecord['type'], path: string, from?: string): ChangeRecord => ({
  type,
  relativePathComponents: path ? path.split('/') : [],
  relativePathMovedFrom: from ? from.split('/') : null,
});

const stats = (m: Map<string, ListedBook>) => [...m.values()].map((b) => [b.path, b.size]).sort();

describe('rescans from FileSystemObserver records (folderWatch)', () => {
  it('a file added, changed, removed and moved: the listing is what a full walk would give, and only those paths are looked at', async () => {
    const before: Tree = new Map([
      ['a.pdf', 'aaa'],
      ['Shelf/b.epub', 'bbbb'],
      ['Shelf/c.pdf', 'cc'],
      ['Shelf/d.pdf', 'ddddd'],
      ['Other/e.pdf', 'e'],
    ]);
    const after = new Map(before);
    after.set('New/f.pdf', 'ffffff'); // added
    after.set('Shelf/b.epub', 'bbbb, second edition'); // changed
    after.delete('Shelf/c.pdf'); // removed
    after.delete('Shelf/d.pdf');
    after.set('Other/d renamed.pdf', 'ddddd'); // moved
    const records = [rec('appeared', 'New'), rec('appeared', 'New/f.pdf'), rec('modified', 'Shelf/b.epub'), rec('disappeared', 'Shelf/c.pdf'), rec('moved', 'Other/d renamed.pdf', 'Shelf/d.pdf')];
    const paths = changedPaths(records)!;
    const looked: string[] = [];
    const next = await applyChanges(listingOf(before), paths, resolver(after, looked));
    expect(stats(next)).toEqual(stats(listingOf(after)));
    // New/f.pdf is covered by its new folder; the untouched files are not looked at.
    expect(looked.sort()).toEqual(['New', 'Other/d renamed.pdf', 'Shelf/b.epub', 'Shelf/c.pdf', 'Shelf/d.pdf']);
  });

  it('a folder removed or renamed takes its books with it, or to the new name', async () => {
    const before: Tree = new Map([
      ['Shelf/a.pdf', 'a'],
      ['Shelf/Deep/b.pdf', 'bb'],
      ['Gone/c.pdf', 'c'],
      ['Shelfish.pdf', 'x'],
    ]);
    const after: Tree = new Map([
      ['Renamed/a.pdf', 'a'],
      ['Renamed/Deep/b.pdf', 'bb'],
      ['Shelfish.pdf', 'x'],
    ]);
    const paths = changedPaths([rec('moved', 'Renamed', 'Shelf'), rec('disappeared', 'Gone')])!;
    const next = await applyChanges(listingOf(before), paths, resolver(after, []));
    expect(stats(next)).toEqual(stats(listingOf(after)));
  });

  it('hidden paths and files that are not books stay out', async () => {
    const after: Tree = new Map([
      ['.Trash/a.pdf', 'a'],
      ['notes.txt', 'n'],
      ['b.pdf', 'b'],
    ]);
    const paths = changedPaths([rec('appeared', '.Trash/a.pdf'), rec('appeared', 'notes.txt'), rec('appeared', 'b.pdf')])!;
    const next = await applyChanges(new Map(), paths, resolver(after, []));
    expect([...next.keys()]).toEqual(['b.pdf']);
  });

  it('a record the browser cannot describe, or one about the folder itself, asks for a full walk', () => {
    expect(changedPaths([rec('modified', 'a.pdf'), rec('unknown', 'x')])).toBeNull();
    expect(changedPaths([rec('errored', '')])).toBeNull();
    expect(changedPaths([rec('disappeared', '')])).toBeNull();
    expect(changedPaths([rec('moved', 'a.pdf')])).toBeNull(); // a move that does not say from where
    expect(changedPaths([rec('modified', 'Shelf/a.pdf')])).toEqual(['Shelf/a.pdf']);
  });
});
