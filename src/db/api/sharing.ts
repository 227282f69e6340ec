import type { Book } from '../../domain/types';
import type { BookCard } from '../../domain/library';
import type { SharedCollection } from '../../domain/collections';
import type { BookPageRequest, LocalMode } from './common';

/** A book opened through a share link: what a reader needs, nothing about who shared it. */
export type SharedBook = Pick<Book, 'id' | 'title' | 'author' | 'fileType' | 'filePath' | 'fileSize' | 'fileHash' | 'source' | 's3Bucket' | 'pageCount' | 'coverPath'> & {
  localMode: LocalMode | null;
};

/**
 * Public calls for /shared/<token>: no session. A revoked or unknown token is NOT_FOUND ("This
 * link is no longer shared."), and so is any book outside that collection, whatever the URL says.
 */
export interface SharedApi {
  getSharedCollection(shareToken: string): Promise<SharedCollection>;
  listSharedBooks(shareToken: string, page: BookPageRequest): Promise<{ books: BookCard[]; total: number }>;
  getSharedBook(shareToken: string, bookId: string): Promise<SharedBook>;
}
