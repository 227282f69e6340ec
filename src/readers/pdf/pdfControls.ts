import type { Accessor, Setter } from 'solid-js';
import type { PdfMode } from './pdfViewer';
import type { ScaleValue } from './zoom';

/** What the PDF reader's toolbar and keys act on. */
export interface PdfControls {
  ready: Accessor<boolean>;
  page: Accessor<number>;
  pageCount: Accessor<number>;
  pageInput: Accessor<string>;
  setPageInput: Setter<string>;
  scale: Accessor<number>;
  mode: Accessor<PdfMode>;
  goTo(n: number): void;
  next(): void;
  prev(): void;
  commitPageInput(): void;
  zoom(dir: 1 | -1): void;
  applyScale(value: ScaleValue): void;
  setScrollMode(m: PdfMode): void;
  /** Gives the keys back to the document. */
  focusDocument(): void;
  scrollBy(top: number): void;
}
