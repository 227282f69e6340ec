import { isHidden, isImportableBookPath } from '../../ingest/walkFolder';

export interface PickedFile {
  file: File;
  /** Relative path, first segment the picked folder's name ("Books/Science/a.pdf"). */
  path: string;
}

/** Books from <input webkitdirectory> (webkitRelativePath) or a plain multi-file input (name). */
export function filesFromInput(list: FileList | null): PickedFile[] {
  return [...(list ?? [])]
    .map((file) => ({ file, path: file.webkitRelativePath || file.name }))
    .filter((f) => isImportableBookPath(f.path));
}

/* The entries API of drag and drop: old, callback-based, but the only way to read a dropped folder everywhere. */
interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
  file?(ok: (f: File) => void, err: (e: unknown) => void): void;
  createReader?(): { readEntries(ok: (e: Entry[]) => void, err: (e: unknown) => void): void };
}

async function walkEntry(entry: Entry, out: PickedFile[]): Promise<void> {
  if (isHidden(entry.name)) return;
  const path = entry.fullPath.replace(/^\/+/, '');
  if (entry.isFile && entry.file) {
    if (!isImportableBookPath(path)) return;
    const file = await new Promise<File>((ok, err) => entry.file!(ok, err)).catch(() => null);
    if (file) out.push({ file, path });
  } else if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    // readEntries returns at most ~100 entries a call: read until it returns none.
    for (;;) {
      const batch = await new Promise<Entry[]>((ok, err) => reader.readEntries(ok, err)).catch(() => [] as Entry[]);
      if (!batch.length) break;
      for (const e of batch) await walkEntry(e, out);
    }
  }
}

/** Books from a drop of folders and/or files. */
export async function filesFromDrop(dt: DataTransfer): Promise<PickedFile[]> {
  const out: PickedFile[] = [];
  // Entries must be taken synchronously, before the first await: the drop's items die with the event.
  const items = [...dt.items].filter((i) => i.kind === 'file').map((i) => ({ entry: i.webkitGetAsEntry() as unknown as Entry | null, file: i.getAsFile() }));
  for (const { entry, file } of items) {
    if (entry) await walkEntry(entry, out);
    else if (file && isImportableBookPath(file.name)) out.push({ file, path: file.name });
  }
  return out;
}
