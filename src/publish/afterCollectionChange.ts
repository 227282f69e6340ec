import { loadPublished } from './publishedStore';

/**
 * Called by the data layer after a collection's books, name or description change, or after it
 * is deleted: a published copy follows (updated, or deleted). Cheap when the collection is not
 * published (one IndexedDB read); the SDK loads only when there is a copy to touch.
 */
export async function afterCollectionChange(
  collectionId: string,
  change: 'changed' | 'deleted',
  load: (id: string) => Promise<{ id: string; name: string; description: string | null }>,
): Promise<void> {
  if (!(await loadPublished(collectionId))) return;
  const publishing = await import('./publishing');
  if (change === 'deleted') return publishing.unpublish(collectionId);
  await publishing.refreshPublication(await load(collectionId));
}
