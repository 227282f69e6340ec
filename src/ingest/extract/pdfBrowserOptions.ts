/**
 * getDocument() options that let pdf.js render in a worker, where there is no `document`.
 * Browser only (imported on the browser path): it uses Vite's import.meta.glob.
 *
 * - CanvasFactory: pdf.js's default creates <canvas> elements; we hand it OffscreenCanvas.
 * - FilterFactory: the default builds SVG filters in the DOM (transfer functions, HCM);
 *   covers do without them ("none" is what pdf.js itself uses when filters are off).
 * - BinaryDataFactory: non-embedded standard fonts (Helvetica, Times… in many generated
 *   PDFs) and the JBIG2/JPEG 2000 decoders of scanned books, served from this build.
 *   Vite fingerprints asset names, so a base URL + file name cannot work: we look the file
 *   name up in the globbed URLs instead.
 * - Fonts: pdf.js loads a PDF's fonts as FontFace objects into `ownerDocument.fonts`. A worker
 *   has no document but has its own FontFaceSet (`self.fonts`), which its OffscreenCanvas draws
 *   text with; handed over as the "document", the cover's text is drawn natively. Without it
 *   (disableFontFace) pdf.js builds every glyph's outline in JS and posts it between its two
 *   halves, which made the cover most of a real PDF's ingest cost (scripts/profile-corpus.mjs).
 */

// Relative, not '/node_modules/…': a root-relative glob would break under any other Vite root.
const assetUrls = import.meta.glob(['../../../node_modules/pdfjs-dist/standard_fonts/*.{pfb,ttf}', '../../../node_modules/pdfjs-dist/wasm/*.wasm'], {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const byFileName = new Map(Object.entries(assetUrls).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1), url]));

class OffscreenCanvasFactory {
  constructor(_opts: unknown) {}
  create(width: number, height: number) {
    if (width <= 0 || height <= 0) throw new Error('Invalid canvas size');
    const canvas = new OffscreenCanvas(width, height);
    return { canvas, context: canvas.getContext('2d', { willReadFrequently: true }) };
  }
  reset(cc: { canvas: OffscreenCanvas | null }, width: number, height: number) {
    if (!cc.canvas) throw new Error('Canvas is not specified');
    cc.canvas.width = width;
    cc.canvas.height = height;
  }
  destroy(cc: { canvas: OffscreenCanvas | null; context: unknown }) {
    if (cc.canvas) cc.canvas.width = cc.canvas.height = 0;
    cc.canvas = null;
    cc.context = null;
  }
}

class NoFilterFactory {
  constructor(_opts: unknown) {}
  addFilter() {
    return 'none';
  }
  addHCMFilter() {
    return 'none';
  }
  addAlphaFilter() {
    return 'none';
  }
  addLuminosityFilter() {
    return 'none';
  }
  addHighlightHCMFilter() {
    return 'none';
  }
  destroy() {}
}

class BundledDataFactory {
  constructor(_opts: unknown) {}
  async fetch({ filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const url = byFileName.get(filename);
    if (!url) throw new Error(`No bundled pdf.js data for ${filename}`);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`Unable to load ${filename}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
}

const workerFonts = (globalThis as { fonts?: FontFaceSet }).fonts;

export const pdfBrowserOptions = {
  CanvasFactory: OffscreenCanvasFactory,
  FilterFactory: NoFilterFactory,
  BinaryDataFactory: BundledDataFactory,
  useWorkerFetch: false,
  // On a page, `document.fonts` is pdf.js' default; in a worker, `self.fonts` stands in.
  ...(typeof document === 'undefined' ? (workerFonts ? { ownerDocument: { fonts: workerFonts } } : { disableFontFace: true }) : {}),
  useSystemFonts: false,
  isOffscreenCanvasSupported: true,
  // pdf.js turns WebCodecs' ImageDecoder off on Chromium because of decoding bugs and a
  // renderer crash (mozilla/pdf.js#19045, #19060); its own check reads `globalThis.chrome`,
  // which a worker lacks, so say it here. It would make scanned first pages (one big JPEG)
  // about twice as cheap, but one hostile file must not be able to crash the scan.
  isImageDecoderSupported: false,
};
