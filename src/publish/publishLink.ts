import { shareUrl } from '../domain/shareToken';
import type { PublishLinkTarget } from './types';

/**
 * The link is the app's own address, `/shared/<token>`, plus a #fragment naming the published
 * manifest (and the key, when encrypted). Browsers never send the fragment to the server, so the
 * origin serving Alex learns nothing; the visitor's app reads it and fetches from the bucket.
 */
export function publishedLink(origin: string, shareToken: string, target: PublishLinkTarget): string {
  const params = new URLSearchParams({ m: target.manifestUrl });
  if (target.key) params.set('k', target.key);
  return `${shareUrl(origin, shareToken)}#${params.toString()}`;
}

/** The target named by a location's hash, or null when the link is a plain (this-profile) one. */
export function parsePublishedHash(hash: string): PublishLinkTarget | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const m = params.get('m');
  if (!m || !/^https?:\/\//i.test(m)) return null;
  return { manifestUrl: m, key: params.get('k') };
}
