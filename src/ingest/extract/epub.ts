import { joinAuthors } from './authors';
import { cleanParagraphs, LIMITS } from './cleanText';
import { htmlToText } from './htmlToText';
import { IngestError } from './IngestError';
import type { ExtractOptions, Extracted } from './index';
import { parseContainer, parseOpf, type ManifestItem, type OpfInfo } from './parseOpf';
import { canMakeThumbnails, thumbnailFromImage } from './thumbnail';
import { pickTitle } from './titles';
import { decodeText, ZipReader, type ZipEntry } from './ZipReader';

/**
 * EPUB 2 and 3 metadata and cover, without epub.js (it needs a DOM, and a worker has none).
 * Only META-INF/container.xml, the package document and the cover are ever unpacked; nothing
 * in the book is executed or rendered: metadata is text, the cover is decoded as an image.
 */

const MAX_CONTAINER = 256 * 1024;
/** Package documents of huge books (thousands of chapters) are a few hundred KB. */
export const MAX_OPF = 4 * 1024 * 1024;
const MAX_PAGE = 2 * 1024 * 1024;
const MAX_COVER = 32 * 1024 * 1024;

export async function extractEpub(file: Blob, fileName: string, opts: ExtractOptions = {}): Promise<Extracted> {
  const zip = await ZipReader.open(file);
  opts.signal?.throwIfAborted();
  const opfPath = await findPackageDocument(zip);
  const opfEntry = zip.find(opfPath)!;
  const opf = parseOpf(await zip.readText(opfEntry, MAX_OPF, 'too-large-xml'));
  opts.signal?.throwIfAborted();

  const metadata = {
    title: pickTitle(opf.titles, fileName),
    author: joinAuthors(opf.authors),
    description: cleanDescription(opf.description),
    pageCount: null,
  };
  const cover = opts.covers !== false && canMakeThumbnails() ? await findCover(zip, opf, opfPath, opts.signal) : null;
  return { fileType: 'epub', metadata, cover };
}

/** The OPF's path in the archive: from container.xml, else the archive's only .opf file. */
export async function findPackageDocument(zip: ZipReader): Promise<string> {
  const container = zip.find('META-INF/container.xml');
  if (container) {
    const path = parseContainer(await zip.readText(container, MAX_CONTAINER, 'too-large-xml'));
    if (path && zip.find(path)) return path;
  }
  // Lenient like calibre: a book whose container.xml is missing or wrong but which holds
  // exactly one package document is still readable.
  const opfs = zip.entries.filter((e) => /\.opf$/i.test(e.name) && !e.name.startsWith('__MACOSX/'));
  if (opfs.length === 1) return opfs[0]!.name;
  throw new IngestError('no-package-document');
}

const PLACEHOLDER_DESCRIPTIONS = new Set(['unknown', 'none', 'n/a', 'no description', 'description', '-']);

function cleanDescription(raw: string | null): string | null {
  if (raw == null) return null;
  const text = cleanParagraphs(htmlToText(raw), LIMITS.description);
  return text && !PLACEHOLDER_DESCRIPTIONS.has(text.toLowerCase()) ? text : null;
}

/**
 * The cover, in order of trust: the EPUB 3 `cover-image` item; the EPUB 2
 * `<meta name="cover">` item; an image item named "cover"; the first image of the guide's
 * cover page; the first image of the first spine page. The first one that decodes wins.
 */
async function findCover(zip: ZipReader, opf: OpfInfo, opfPath: string, signal?: AbortSignal): Promise<Blob | null> {
  const base = opfPath.includes('/') ? opfPath.slice(0, opfPath.lastIndexOf('/') + 1) : '';
  const byId = new Map(opf.manifest.map((i) => [i.id, i]));
  const images: ManifestItem[] = [];
  const push = (i: ManifestItem | undefined) => i && !images.includes(i) && images.push(i);

  opf.manifest.filter((i) => i.properties.includes('cover-image')).forEach(push);
  if (opf.coverMeta) push(byId.get(opf.coverMeta) ?? opf.manifest.find((i) => i.href === opf.coverMeta));
  opf.manifest.filter((i) => /^cover(?:[-_]?image)?$/i.test(i.id) && isImageItem(i)).forEach(push);

  const tried = new Set<ZipEntry>();
  const tryEntry = async (entry: ZipEntry | undefined, mediaType: string) => {
    if (!entry || tried.has(entry)) return null;
    tried.add(entry);
    signal?.throwIfAborted();
    try {
      return await thumbnailFromImage(await zip.read(entry, MAX_COVER), mediaType || mediaTypeOf(entry.name));
    } catch (e) {
      signal?.throwIfAborted();
      if (e instanceof IngestError) return null; // a broken cover is not a broken book
      throw e;
    }
  };

  for (const item of images) {
    if (!isImageItem(item) && !/\.(?:jpe?g|png|gif|webp)$/i.test(item.href)) continue;
    const thumb = await tryEntry(zip.find(resolveHref(base, item.href) ?? ''), item.mediaType);
    if (thumb) return thumb;
  }

  const pages = [
    // A declared cover that is a page (some EPUB 2 books point <meta name="cover"> at one).
    ...images.filter((i) => /html/.test(i.mediaType)).map((i) => resolveHref(base, i.href)),
    opf.guideCover ? resolveHref(base, opf.guideCover) : null,
    (() => {
      const first = opf.spine.map((id) => byId.get(id)).find(Boolean);
      return first ? resolveHref(base, first.href) : null;
    })(),
  ];
  for (const pagePath of pages) {
    const page = pagePath ? zip.find(pagePath) : undefined;
    if (!page) continue;
    let html: string;
    try {
      html = decodeText(await zip.read(page, MAX_PAGE));
    } catch (e) {
      if (e instanceof IngestError) continue;
      throw e;
    }
    const dir = page.name.includes('/') ? page.name.slice(0, page.name.lastIndexOf('/') + 1) : '';
    // The first image big enough to be a cover: a title page often starts with a logo or rule.
    for (const src of imageSources(html, 4)) {
      const target = resolveHref(dir, src);
      const thumb = target ? await tryEntry(zip.find(target), mediaTypeOf(target)) : null;
      if (thumb) return thumb;
    }
  }
  return null;
}

function isImageItem(i: ManifestItem): boolean {
  return i.mediaType.startsWith('image/');
}

function mediaTypeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml' }[ext] ?? '';
}

/** The first `limit` <img src> / SVG <image href> of an XHTML page (a text search: pages are never parsed as HTML). */
export function imageSources(html: string, limit: number): string[] {
  const re = /<(?:[\w-]+:)?(?:img|image)\b[^>]*?\s(?:src|xlink:href|href)\s*=\s*(["'])([^"']*)\1/gi;
  const out: string[] = [];
  for (let m = re.exec(html); m && out.length < limit; m = re.exec(html)) {
    const src = m[2]!.trim();
    if (src) out.push(src);
  }
  return out;
}

/**
 * A path inside the archive from an href relative to `baseDir` ('OEBPS/'). Null for
 * external URLs (a cover is never fetched from the network) and paths escaping the root.
 */
export function resolveHref(baseDir: string, href: string): string | null {
  let h = href.trim().replace(/[?#].*$/, '');
  if (!h || /^[a-z][a-z0-9+.-]*:/i.test(h)) return null;
  try {
    h = decodeURIComponent(h);
  } catch {
    /* a literal '%' in a file name */
  }
  const parts = (h.startsWith('/') ? h.slice(1) : baseDir + h).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (!out.length) return null;
      out.pop();
    } else out.push(p);
  }
  return out.join('/') || null;
}
