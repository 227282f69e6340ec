import type { CollectionChoice, CollectionSummary } from '../domain/collections';
import { db } from './client';
import { token } from './auth';
import { authed } from './library';
import { afterCollectionChange } from '../publish/afterCollectionChange';

/** A published copy in the bucket follows the collection (src/publish/); failures show in the Share dialog. */
function followPublished(id: string, change: 'changed' | 'deleted'): void {
  afterCollectionChange(id, change, getCollection).catch((e) => console.warn('The published copy could not be updated', e));
}

export function listCollections(): Promise<CollectionSummary[]> {
  return authed(() => db().listCollections(token()));
}

export function getCollection(id: string): Promise<CollectionSummary> {
  return authed(() => db().getCollection(token(), id));
}

export function createCollection(name: string, description: string | null): Promise<CollectionSummary> {
  return authed(() => db().createCollection(token(), { name, description }));
}

export async function updateCollection(id: string, patch: { name?: string; description?: string | null }): Promise<CollectionSummary> {
  const c = await authed(() => db().updateCollection(token(), id, patch));
  followPublished(id, 'changed');
  return c;
}

export async function deleteCollection(id: string): Promise<void> {
  await authed(() => db().deleteCollection(token(), id));
  followPublished(id, 'deleted');
}

export async function setBookInCollection(collectionId: string, bookId: string, member: boolean): Promise<void> {
  await authed(() => db().setBookInCollection(token(), collectionId, bookId, member));
  followPublished(collectionId, 'changed');
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
