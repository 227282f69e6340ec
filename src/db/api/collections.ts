import type { CollectionChoice, CollectionSummary } from '../../domain/collections';
import type { Token } from './common';

/** Each user's own collections; another user's collection is NOT_FOUND, whoever asks. */
export interface CollectionsApi {
  listCollections(token: Token): Promise<CollectionSummary[]>;
  getCollection(token: Token, collectionId: string): Promise<CollectionSummary>;
  /** Name required, at most 100 characters; description optional. */
  createCollection(token: Token, input: { name: string; description?: string | null }): Promise<CollectionSummary>;
  updateCollection(token: Token, collectionId: string, patch: { name?: string; description?: string | null }): Promise<CollectionSummary>;
  /** Removes the collection and its links, never the books. */
  deleteCollection(token: Token, collectionId: string): Promise<void>;
  /** Adds (member = true) or removes the book; doing it twice is harmless. */
  setBookInCollection(token: Token, collectionId: string, bookId: string, member: boolean): Promise<void>;
  /** The caller's collections, each ticked when it holds the book. */
  collectionChoices(token: Token, bookId: string): Promise<CollectionChoice[]>;
  /** A new unguessable token every time; the previous link stops working. */
  shareCollection(token: Token, collectionId: string): Promise<{ shareToken: string }>;
  stopSharing(token: Token, collectionId: string): Promise<void>;
}
