/** Sync between devices, as the readers see it (the loop and panels come with the sync UI). */

/** A reading position from another device that is well behind this one. */
export interface SyncOfferView {
  currentPage: number | null;
  totalPages: number | null;
  epubLocation: string | null;
  percentComplete: number;
  /** Unix ms when it arrived. */
  offeredAt: number;
}

export interface SyncApi {
  /** For "Go to page 12 from your other device?": the caller's offer for this book, or null. */
  getSyncOffer(token: string, bookId: string): Promise<SyncOfferView | null>;
  /** Whether this library is synced (Admin → Library asks before starting the sync worker). */
  isSyncOn(token: string): Promise<boolean>;
  /** The reader went there or declined: it is not offered again. */
  dismissSyncOffer(token: string, bookId: string): Promise<void>;
}
