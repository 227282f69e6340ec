import type { CollectionChoice, CollectionSummary } from '../domain/collections';
import { db } from './client';
import { token } from './auth';
import { authed } from './library';

export function listCollections(): Promise<CollectionSummary[]> {
  return authed(() => db().listCollections(token()));
}

export function getCollection(id: string): Promise<CollectionSummary> {
  return authed(() => db().getCollection(token(), id));
}

export function createCollection(name: string, description: string | null): Promise<CollectionSummary> {
  return authed(() => db().createCollection(token(), { name, description }));
}

export function updateCollection(id: string, patch: { name?: string; description?: string | null }): Promise<CollectionSummary> {
  return authed(() => db().updateCollection(token(), id, patch));
}

export function deleteCollection(id: string): Promise<void> {
  return authed(() => db().deleteCollection(token(), id));
}

export function setBookInCollection(collectionId: string, bookId: string, member: boolean): Promise<void> {
  return authed(() => db().setBookInCollection(token(), collectionId, bookId, member));
}

export function collectionChoices(bookId: string): Promise<CollectionChoice[]> {
  return authed(() => db().collectionChoices(token(), bookId));
}

export function shareCollection(id: string): Promise<{ shareToken: string }> {
  return authed(() => db().shareCollection(token(), id));
}

export function stopSharing(id: string): Promise<void> {
  return authed(() => db().stopSharing(token(), id));
}
