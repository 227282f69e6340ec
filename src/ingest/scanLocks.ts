/** Web Lock names shared by the page (scanClient) and the coordinator worker (scanWorker). */

/** Held by the tab that runs a scan, for the scan's whole length. */
export const SCAN_LOCK = 'alex-scan';
/** One cover pass at a time across tabs; a tab that wants one waits, so a closed tab's pass goes on in another. */
export const COVERS_LOCK = 'alex-covers';

/** True when some tab (this one included) runs a scan. */
export async function scanRunningAnywhere(): Promise<boolean> {
  const { held } = await navigator.locks.query();
  return (held ?? []).some((l) => l.name === SCAN_LOCK);
}

/**
 * Resolves once no tab holds the scan lock. Asked in shared mode and let go at once, so it
 * never keeps a scan from starting for longer than that.
 */
export function scanEndedAnywhere(): Promise<void> {
  return navigator.locks.request(SCAN_LOCK, { mode: 'shared' }, () => {});
}

/** True when some tab scans or draws covers: the full-text index waits for both. */
export async function ingestRunningAnywhere(): Promise<boolean> {
  const { held } = await navigator.locks.query();
  return (held ?? []).some((l) => l.name === SCAN_LOCK || l.name === COVERS_LOCK);
}

/** Resolves once no tab scans or draws covers (each lock asked in shared mode, let go at once). */
export async function ingestEndedAnywhere(): Promise<void> {
  while (await ingestRunningAnywhere()) {
    await scanEndedAnywhere();
    await navigator.locks.request(COVERS_LOCK, { mode: 'shared' }, () => {});
  }
}
