/**
 * A book's text, one unit at a time (a PDF page, an EPUB spine item), without a DOM: it runs in
 * the full-text worker and in Node. PDF text comes from pdf.js getTextContent, joined as pdf.js's
 * own find does (so the reader's find sees the same words); EPUB spine documents are unzipped and
 * reduced to text with the ingest's tag stripper. Nothing in the book runs.
 */
import { htmlToText } from '../ingest/extract/htmlToText';
import { findPackageDocument, MAX_OPF, resolveHref } from '../ingest/extract/epub';
import { parseOpf } from '../ingest/extract/parseOpf';
import { decodeText, ZipReader } from '../ingest/extract/ZipReader';
import { isNode, loadPdfJs } from '../ingest/extract/loadPdfJs';
import { blobRangeTransport } from '../ingest/extract/pdf';
import { readSlice } from '../ingest/extract/readSlice';
import { epubPlace, epubSection, MAX_PARTS, MAX_SPINE, PART_CHARS } from './sectionKey';
import type { TextSection } from './textBooks';

const MAX_SPINE_ITEM = 64 * 1024 * 1024;
const WHOLE_PDF_MAX = 8 * 1024 * 1024;
const RANGE_CHUNK = 256 * 1024;

export interface BookText {
  /** Pages or spine items. */
  units: number;
  /** The sections of one unit (0-based): a PDF page is one, an EPUB item one per part. */
  unit(index: number): Promise<TextSection[]>;
  /** The text of one section, as indexed (for snippets). */
  section(section: number): Promise<string>;
  close(): Promise<void>;
}

export async function openBookText(file: Blob, fileType: 'pdf' | 'epub'): Promise<BookText> {
  return fileType === 'pdf' ? openPdfText(file) : openEpubText(file);
}

async function openPdfText(file: Blob): Promise<BookText> {
  const pdfjs = await loadPdfJs();
  const env = isNode() ? {} : (await import('../ingest/extract/pdfBrowserOptions')).pdfBrowserOptions;
  let failure: unknown = null;
  const source =
    file.size <= WHOLE_PDF_MAX
      ? { data: await readSlice(file, 0, file.size) }
      : { range: blobRangeTransport(pdfjs, file, await readSlice(file, 0, RANGE_CHUNK), (e) => ((failure = e), void task.destroy())), rangeChunkSize: RANGE_CHUNK };
  const task = pdfjs.getDocument({ ...source, ...env, isEvalSupported: false, enableXfa: false, disableAutoFetch: true, disableStream: true, stopAtErrors: false, verbosity: 0 });
  const doc = await task.promise.catch((e) => {
    throw failure ?? e;
  });
  const pageText = async (n: number) => {
    const page = await doc.getPage(n);
    try {
      const content = await page.getTextContent();
      let s = '';
      for (const item of content.items) if ('str' in item) s += item.str + (item.hasEOL ? '\n' : '');
      return s;
    } finally {
      page.cleanup();
    }
  };
  return {
    units: doc.numPages,
    unit: async (i) => [{ section: i + 1, text: await pageText(i + 1) }],
    section: (s) => pageText(s),
    close: () => task.destroy(),
  };
}

async function openEpubText(file: Blob): Promise<BookText> {
  const zip = await ZipReader.open(file);
  const opfPath = await findPackageDocument(zip);
  const opf = parseOpf(await zip.readText(zip.find(opfPath)!, MAX_OPF, 'too-large-xml'));
  const base = opfPath.includes('/') ? opfPath.slice(0, opfPath.lastIndexOf('/') + 1) : '';
  const byId = new Map(opf.manifest.map((i) => [i.id, i]));
  // Every itemref, linear or not, in order: the same indices as epub.js's spine.
  const items = opf.spine.slice(0, MAX_SPINE).map((id) => byId.get(id));
  const paths = items.map((item) => (item && /html|xml/.test(item.mediaType) ? resolveHref(base, item.href) : null));
  const itemText = async (i: number): Promise<string> => {
    const path = paths[i];
    // Some books list one file many times (hrefs with #fragments): its text counts once, at its first item.
    if (!path || paths.indexOf(path) !== i) return '';
    const entry = zip.find(path);
    if (!entry) return '';
    const html = decodeText(await zip.read(entry, MAX_SPINE_ITEM));
    const body = /<body\b[\s\S]*$/i.exec(html)?.[0] ?? html;
    return htmlToText(body, Infinity).replace(/[ \t\r\f\v\u00a0]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
  };
  return {
    units: items.length,
    unit: async (i) => splitParts(await itemText(i)).map((text, part) => ({ section: epubSection(i, part), text })),
    section: async (s) => {
      const { spineIndex, part } = epubPlace(s);
      return splitParts(await itemText(spineIndex))[part] ?? '';
    },
    close: async () => {},
  };
}

/** Parts of about PART_CHARS, cut at a white space so no word is split. */
export function splitParts(text: string): string[] {
  if (!text) return [];
  const parts: string[] = [];
  let at = 0;
  while (at < text.length && parts.length < MAX_PARTS) {
    let end = Math.min(text.length, at + PART_CHARS);
    if (end < text.length && parts.length < MAX_PARTS - 1) {
      const space = text.lastIndexOf(' ', end);
      const nl = text.lastIndexOf('\n', end);
      const cut = Math.max(space, nl);
      if (cut > at) end = cut + 1;
    } else end = text.length;
    parts.push(text.slice(at, end));
    at = end;
  }
  return parts;
}
