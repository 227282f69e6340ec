/** Only same-app paths may be returned to after sign-in (no open redirect to other sites). */
export function safeNext(next: string | undefined | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/library';
  return next;
}
