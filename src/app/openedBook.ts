import type { FileAccess, OpenedBook } from '../readers/types';
import { needsFolderAccess, openBookFile, requestFolderAccess, type BookFileRef, type OpenOptions } from '../storage/fileSource';

/** A catalogue record with its bytes, as the readers take it. */
export async function openedBook(book: BookFileRef & { id: string; title: string; author: string | null; fileType: OpenedBook['fileType']; fileHash: string | null }, localMode: OpenOptions['localMode']): Promise<OpenedBook> {
  const file = await openBookFile(book, { localMode });
  return { id: book.id, title: book.title, author: book.author, fileType: book.fileType, fileHash: book.fileHash, file };
}

/** A picked folder's permission can lapse: the reader offers to ask again. */
export const folderAccess: FileAccess = { needsAccess: needsFolderAccess, requestAccess: requestFolderAccess };
