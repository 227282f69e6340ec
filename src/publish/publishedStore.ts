import { createStore, del, get, set } from 'idb-keyval';
import { createSignal } from 'solid-js';
import type { PublishedRecord } from './types';

/**
 * The owner's records of live publications, by collection id. Kept in this browser beside the
 * bucket keys (which are needed to update or delete a copy anyway), not in the database: a
 * backup restored elsewhere must not claim copies it cannot manage.
 */
const store = () => createStore('alex-published', 'records');

/** Bumped on every change, so an open Share dialog re-reads its record. */
const [recordsVersion, setRecordsVersion] = createSignal(0);
export { recordsVersion };

export function loadPublished(collectionId: string): Promise<PublishedRecord | undefined> {
  return get<PublishedRecord>(collectionId, store());
}

export async function savePublished(record: PublishedRecord): Promise<void> {
  await set(record.collectionId, record, store());
  setRecordsVersion((v) => v + 1);
}

export async function forgetPublished(collectionId: string): Promise<void> {
  await del(collectionId, store());
  setRecordsVersion((v) => v + 1);
}
