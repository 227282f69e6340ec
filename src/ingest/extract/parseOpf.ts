import { attr, findAll, findFirst, parseXml, textOf, type XmlElement } from './parseXml';
import { IngestError } from './IngestError';

/** What Alex needs from an EPUB package document (OPF), EPUB 2 or 3. Raw text: cleaned later. */
export interface OpfInfo {
  version: string | null;
  /** dc:title values, the EPUB 3 "main" title first. */
  titles: string[];
  /** Author names in document order: creators with role "aut" or no role (editors, illustrators… left out). */
  authors: string[];
  description: string | null;
  manifest: ManifestItem[];
  /** Spine idrefs in reading order. */
  spine: string[];
  /** EPUB 2 `<meta name="cover" content="…">`: usually a manifest id, sometimes an href. */
  coverMeta: string | null;
  /** EPUB 2 `<guide><reference type="cover" href="…">`: a cover page. */
  guideCover: string | null;
}

export interface ManifestItem {
  id: string;
  href: string;
  mediaType: string;
  properties: string[];
}

export function parseOpf(xml: string): OpfInfo {
  const doc = parseXml(xml);
  const pkg = findFirst(doc, 'package');
  if (!pkg) throw new IngestError('bad-package-document', { detail: 'no <package> element' });
  const metadata = findFirst(pkg, 'metadata') ?? pkg;

  // EPUB 3 refinements: <meta refines="#id" property="role|title-type">value</meta>.
  const refinements = new Map<string, Map<string, string>>();
  const metas = findAll(metadata, 'meta');
  let coverMeta: string | null = null;
  for (const m of metas) {
    const refines = attr(m, 'refines');
    const property = attr(m, 'property');
    if (refines?.startsWith('#') && property) {
      const id = refines.slice(1);
      if (!refinements.has(id)) refinements.set(id, new Map());
      const props = refinements.get(id)!;
      if (!props.has(property)) props.set(property, textOf(m).trim());
    }
    if (attr(m, 'name')?.toLowerCase() === 'cover' && coverMeta === null) coverMeta = attr(m, 'content')?.trim() || null;
  }
  const refined = (el: XmlElement, property: string) => {
    const id = attr(el, 'id');
    return id ? refinements.get(id)?.get(property) : undefined;
  };

  const titleEls = findAll(metadata, 'title');
  const titles = [
    ...titleEls.filter((t) => refined(t, 'title-type') === 'main'),
    ...titleEls.filter((t) => refined(t, 'title-type') !== 'main'),
  ].map(textOf);

  const creators = findAll(metadata, 'creator').map((c) => ({
    name: textOf(c),
    role: (attr(c, 'role') ?? refined(c, 'role') ?? '').trim().toLowerCase(),
  }));
  const authorish = creators.filter((c) => c.role === '' || c.role === 'aut');
  const authors = (authorish.length ? authorish : creators).map((c) => c.name);

  const descriptionEl = findFirst(metadata, 'description');

  const manifestEl = findFirst(pkg, 'manifest');
  const manifest: ManifestItem[] = manifestEl
    ? findAll(manifestEl, 'item').map((i) => ({
        id: attr(i, 'id') ?? '',
        href: attr(i, 'href') ?? '',
        mediaType: (attr(i, 'media-type') ?? '').toLowerCase(),
        properties: (attr(i, 'properties') ?? '').split(/\s+/).filter(Boolean),
      }))
    : [];

  const spineEl = findFirst(pkg, 'spine');
  const spine = spineEl ? findAll(spineEl, 'itemref').map((r) => attr(r, 'idref') ?? '').filter(Boolean) : [];

  const guideEl = findFirst(pkg, 'guide');
  const guideRef = guideEl && findAll(guideEl, 'reference').find((r) => attr(r, 'type')?.toLowerCase() === 'cover');
  const guideCover = (guideRef && attr(guideRef, 'href')) || null;

  return {
    version: attr(pkg, 'version') ?? null,
    titles,
    authors,
    description: descriptionEl ? textOf(descriptionEl) : null,
    manifest,
    spine,
    coverMeta,
    guideCover,
  };
}

/** The package document's path from META-INF/container.xml: the first OPF rootfile. */
export function parseContainer(xml: string): string | null {
  const doc = parseXml(xml);
  const rootfiles = findAll(doc, 'rootfile');
  const opf = rootfiles.find((r) => attr(r, 'media-type') === 'application/oebps-package+xml') ?? rootfiles[0];
  return opf ? attr(opf, 'full-path')?.trim() || null : null;
}
