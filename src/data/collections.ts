import type { CollectionChoice, CollectionSummary } from '../domain/collections';
import { api } from './sessionClient';

export function listCollections(): Promise<CollectionSummary[]> {
  return api.listCollections();
}

export function getCollection(id: string): Promise<CollectionSummary> {
  return api.getCollection(id);
}

export function createCollection(name: string, description: string | null): Promise<CollectionSummary> {
  return api.createCollection({ name, description });
}

export function updateCollection(id: string, patch: { name?: string; description?: string | null }): Promise<CollectionSummary> {
  return api.updateCollection(id, patch);
}

export function deleteCollection(id: string): Promise<void> {
  return api.deleteCollection(id);
}

export function setBookInCollection(collectionId: string, bookId: string, member: boolean): Promise<void> {
  return api.setBookInCollection(collectionId, bookId, member);
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
