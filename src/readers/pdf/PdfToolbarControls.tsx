import type { Accessor, Setter } from 'solid-js';
import { Icon } from '../icons';
import type { PdfControls } from './pdfControls';
import { MAX_ZOOM, MIN_ZOOM } from './zoom';

/** Previous/next page and the page number field. */
export function PdfPageControls(props: { c: PdfControls }) {
  const c = props.c;
  return (
    <div class="tb-group tb-pages" role="group" aria-label="Pages">
      <button class="icon-btn" aria-label="Previous page" title="Previous page (←)" disabled={!c.ready() || c.page() <= 1} onClick={() => c.prev()}>
        <Icon name="prev" />
      </button>
      <label class="page-field">
        <span class="visually-hidden">Page number</span>
        <span aria-hidden="true" class="page-word">
          Page
        </span>
        <input
          type="text"
          inputmode="numeric"
          aria-label="Page number"
          value={c.pageInput()}
          style={{ width: `calc(${Math.max(2, String(c.pageCount()).length)}ch + 1.2em)` }}
          disabled={!c.ready()}
          onInput={(e) => c.setPageInput(e.currentTarget.value)}
          onChange={() => c.commitPageInput()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              c.commitPageInput();
              c.focusDocument();
            } else if (e.key === 'Escape') c.setPageInput(String(c.page()));
          }}
          onFocus={(e) => e.currentTarget.select()}
        />
        <span class="page-of">of {c.pageCount() || '…'}</span>
      </label>
      <button class="icon-btn" aria-label="Next page" title="Next page (→)" disabled={!c.ready() || c.page() >= c.pageCount()} onClick={() => c.next()}>
        <Icon name="next" />
      </button>
    </div>
  );
}

/** Zoom out, the zoom level, zoom in. */
export function PdfZoomControls(props: { c: PdfControls }) {
  const c = props.c;
  return (
    <div class="tb-group tb-zoom" role="group" aria-label="Zoom">
      <button class="icon-btn" aria-label="Zoom out" title="Zoom out (−)" disabled={!c.ready() || c.scale() <= MIN_ZOOM + 0.001} onClick={() => c.zoom(-1)}>
        <Icon name="minus" />
      </button>
      <output class="zoom-value" aria-label="Zoom level" aria-live="polite">
        {`${Math.round(c.scale() * 100)} %`}
      </output>
      <button class="icon-btn" aria-label="Zoom in" title="Zoom in (+)" disabled={!c.ready() || c.scale() >= MAX_ZOOM - 0.001} onClick={() => c.zoom(1)}>
        <Icon name="plus" />
      </button>
    </div>
  );
}

/** Fit width / fit page and single page / continuous, behind a toggle on narrow screens. */
export function PdfViewControls(props: { c: PdfControls; open: Accessor<boolean>; setOpen: Setter<boolean> }) {
  const c = props.c;
  const pick = (act: () => void) => () => {
    act();
    props.setOpen(false);
  };
  return (
    <>
      <button class="icon-btn view-toggle" aria-label="View options" title="View options" aria-expanded={props.open()} onClick={() => props.setOpen(!props.open())}>
        <Icon name="sliders" />
      </button>
      <div class="tb-group tb-view" role="group" aria-label="View" data-open={props.open()}>
        <button class="text-btn" disabled={!c.ready()} onClick={pick(() => c.applyScale('page-width'))}>
          <Icon name="fitWidth" />
          Fit width
        </button>
        <button class="text-btn" disabled={!c.ready()} onClick={pick(() => c.applyScale('page-fit'))}>
          <Icon name="fitPage" />
          Fit page
        </button>
        <span class="tb-sep" aria-hidden="true" />
        <button class="text-btn" aria-pressed={c.mode() === 'single'} onClick={pick(() => c.setScrollMode('single'))}>
          <Icon name="single" />
          Single page
        </button>
        <button class="text-btn" aria-pressed={c.mode() === 'continuous'} onClick={pick(() => c.setScrollMode('continuous'))}>
          <Icon name="scroll" />
          Continuous
        </button>
      </div>
    </>
  );
}
