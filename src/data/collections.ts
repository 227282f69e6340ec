import type { CollectionChoice, CollectionSummary } from '../domain/collections';
import { api } from './sessionClient';
import { afterCollectionChange } from '../publish/afterCollectionChange';

/** A published copy in the bucket follows the collection (src/publish/); failures show in the Share dialog. */
function followPublished(id: string, change: 'changed' | 'deleted'): void {
  afterCollectionChange(id, change, getCollection).catch((e) => console.warn('The published copy could not be updated', e));
}

export function listCollections(): Promise<CollectionSummary[]> {
  return api.listCollections();
}

export function getCollection(id: string): Promise<CollectionSummary> {
  return api.getCollection(id);
}

export function createCollection(name: string, description: string | null): Promise<CollectionSummary> {
  return api.createCollection({ name, description });
}

export async function updateCollection(id: string, patch: { name?: string; description?: string | null }): Promise<CollectionSummary> {
  const c = await api.updateCollection(id, patch);
  followPublished(id, 'changed');
  return c;
}

export async function deleteCollection(id: string): Promise<void> {
  await api.deleteCollection(id);
  followPublished(id, 'deleted');
}

export async function setBookInCollection(collectionId: string, bookId: string, member: boolean): Promise<void> {
  await api.setBookInCollection(collectionId, bookId, member);
  followPublished(collectionId, 'changed');
}

export function collectionChoices(bookId: string): Promise<CollectionChoice[]> {
  return api.collectionChoices(bookId);
}

export function shareCollection(id: string): Promise<{ shareToken: string }> {
  return api.shareCollection(id);
}

export function stopSharing(id: string): Promise<void> {
  return api.stopSharing(id);
}
