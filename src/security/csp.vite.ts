/**
 * Vite plugin (build config, runs in Node): the app's Content-Security-Policy, in one place.
 * The built index.html carries it as a <meta> (any static host), and `vite preview` also sends
 * it as a header (which, unlike the meta, also covers the workers and can forbid framing).
 *
 * - script-src 'self' 'wasm-unsafe-eval': only the app's own files; WebAssembly (SQLite, hash-wasm,
 *   pdf.js) may compile, nothing may eval. No blob: or data: scripts.
 * - img/font/style: the app, blob: and data: (book resources, covers). 'unsafe-inline' styles:
 *   epub.js themes a page with <style> elements and books carry their own; styles cannot run code,
 *   and the url()s inside them still obey img-src and font-src, so nothing leaves the device.
 * - connect-src: the app, and https for S3 (plus plain http on loopback, for a local S3 server).
 * The EPUB iframe (srcdoc) inherits the page's policy: a book's remote <img>, @import or
 * @font-face is refused before any request is made.
 */
import type { Plugin } from 'vite';

const LOOPBACK = 'http://127.0.0.1:* http://localhost:*';  // CSP has no syntax for IPv6 literals: http on ::1 cannot be allowed

const DIRECTIVES: [string, string][] = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'none'"],
  ['img-src', "'self' blob: data:"],
  ['font-src', "'self' blob: data:"],
  ['style-src', "'self' 'unsafe-inline' blob: data:"],
  ['media-src', "'self' blob: data:"],
  ['connect-src', `'self' blob: data: https: ${LOOPBACK}`],
  ['worker-src', "'self'"],
  ['frame-src', "'self' blob:"],
  ['manifest-src', "'self'"],
];

/** The policy as a <meta> can carry it (frame-ancestors is ignored there). */
export const CONTENT_SECURITY_POLICY = DIRECTIVES.map(([k, v]) => `${k} ${v}`).join('; ');

/** The same policy as a response header, which can also forbid other sites to frame the app. */
export const CSP_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

export function contentSecurityPolicy(): Plugin {
  return {
    name: 'alex-content-security-policy',
    apply: 'build',
    transformIndexHtml() {
      return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }];
    },
  };
}
