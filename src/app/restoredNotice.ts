/** sessionStorage key: the outcome of a restore, shown once on the sign-in page that follows it. */
export const RESTORED_KEY = 'alex:restored';

/** The outcome of the restore that just ended this session, once. */
export function takeRestoredNotice(): string | null {
  const text = sessionStorage.getItem(RESTORED_KEY);
  sessionStorage.removeItem(RESTORED_KEY);
  return text;
}
