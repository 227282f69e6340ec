import { cleanLine, LIMITS } from './cleanText';

// Names that tools fill in for the account that made the file, not for a writer.
const NOT_AUTHORS = new Set(['unknown', 'unknown author', 'author', 'administrator', 'admin', 'user', 'owner', 'n/a', 'none', 'null', 'undefined', '-']);

/** Drops e-mail addresses: "Live Systems Project <debian-live@lists.debian.org>" → "Live Systems Project". */
export function stripEmails(name: string): string {
  return name
    .replace(/<\s*(?:mailto:)?[^<>\s@]+@[^<>\s]+\s*>/gi, ' ')
    .replace(/\(\s*(?:mailto:)?[^()\s@]+@[^()\s]+\s*\)/gi, ' ')
    .replace(/\[\s*(?:mailto:)?[^[\]\s@]+@[^[\]\s]+\s*\]/gi, ' ');
}

/** One author string from several names: e-mails stripped, cleaned, placeholders and duplicates dropped, joined with ", ". */
export function joinAuthors(names: Array<string | null | undefined>): string | null {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const n of names) {
    const clean = cleanLine(n == null ? null : stripEmails(n), LIMITS.author);
    if (!clean) continue;
    const key = clean.toLowerCase();
    if (NOT_AUTHORS.has(key) || seen.has(key)) continue;
    seen.add(key);
    kept.push(clean);
  }
  return cleanLine(kept.join(', '), LIMITS.author);
}
