import type { EventBus, PDFLinkService, PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import type { Pdfjs, PdfViewerLib } from './openPdf';
import { isAppError } from '../../domain/errors';
import { notLoadedReason } from '../../ui/NotLoaded';

// pdf.js constants, repeated so this module's types do not need the lazily loaded library.
export const SCROLL_VERTICAL = 0;
export const SCROLL_PAGE = 3;

export type PdfMode = 'continuous' | 'single';
export const scrollModeOf = (m: PdfMode) => (m === 'single' ? SCROLL_PAGE : SCROLL_VERTICAL);

export interface PdfView {
  viewer: PDFViewer;
  eventBus: EventBus;
  linkService: PDFLinkService;
}

/**
 * pdf.js's PDFViewer (virtualised pages, text layer, HiDPI canvases, find highlighting) in our
 * container, with its link service and find controller.
 */
export function createPdfView(pdfjs: Pdfjs, lib: PdfViewerLib, container: HTMLDivElement, viewerEl: HTMLDivElement): PdfView {
  const eventBus = new lib.EventBus();
  const linkService = new lib.PDFLinkService({ eventBus, externalLinkTarget: lib.LinkTarget.BLANK, externalLinkRel: 'noopener noreferrer nofollow' });
  // Counts are reported once every page has been searched, so "n of N" is never a partial N
  // (the first match is shown at once all the same).
  const findController = new lib.PDFFindController({ eventBus, linkService, updateMatchesCountOnProgress: false });
  const viewer = new lib.PDFViewer({
    container,
    viewer: viewerEl,
    eventBus,
    linkService,
    findController,
    textLayerMode: 1,
    annotationMode: pdfjs.AnnotationMode.ENABLE,
  });
  linkService.setViewer(viewer);
  return { viewer, eventBus, linkService };
}

export function loadErrorMessage(e: unknown): string {
  // The reader's code, not the file: say why and how it is cured, as for any part not loaded.
  if (isAppError(e, 'CODE_NOT_LOADED')) return `${e.message} ${notLoadedReason()}`;
  const name = (e as { name?: string })?.name;
  if (name === 'PasswordException') return 'This PDF is password-protected';
  if (name === 'InvalidPDFException') return 'This file is not a readable PDF (it may be damaged or not a PDF at all).';
  if (name === 'MissingPDFException') return 'This file is no longer in your folder — reconnect or rescan';
  return 'This PDF could not be opened.';
}
