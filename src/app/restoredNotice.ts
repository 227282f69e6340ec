/** sessionStorage key: the outcome of a restore, shown on the sign-in page that follows it. */
export const RESTORED_KEY = 'alex:restored';

/**
 * The outcome of the restore that just ended this session. It stays until someone signs in:
 * a restore sends the page to sign-in and then reloads it, so a notice taken on first sight
 * would be gone from the page the person actually reads.
 */
export function restoredNotice(): string | null {
  return sessionStorage.getItem(RESTORED_KEY);
}

export function clearRestoredNotice(): void {
  sessionStorage.removeItem(RESTORED_KEY);
}
