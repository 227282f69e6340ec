/**
 * Share-link tokens: 16 bytes from crypto.getRandomValues (128 random bits, more than the 122 of
 * a UUID v4), written base64url, so a link cannot be guessed or enumerated.
 */
export const SHARE_TOKEN_BYTES = 16;
const SHAPE = /^[A-Za-z0-9_-]{22}$/;

export function newShareToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(SHARE_TOKEN_BYTES));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Whether a string could be a token at all (anything else is refused before any lookup). */
export function isShareTokenShape(s: unknown): s is string {
  return typeof s === 'string' && SHAPE.test(s);
}

/** The public link of a token, e.g. https://alex.example/shared/<token>. */
export function shareUrl(origin: string, token: string): string {
  return `${origin}/shared/${token}`;
}
