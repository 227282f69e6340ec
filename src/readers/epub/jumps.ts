import type { Rendition } from 'epubjs';

interface Stage {
  resizeFunc?: EventListener;
}

/**
 * Where the reader goes, and what a resize lays out again. epub.js answers a resize by clearing
 * its pages and displaying `rendition.location`, the last place it *reported*: a resize that
 * lands while a jump is under way (the Contents drawer, a window snapped, a tablet turned) used
 * to send the reader back where it came from, with the picked chapter marked current. So jumps
 * go through here, epub.js's own window listener is replaced by the reader's ResizeObserver, and
 * a resize re-displays the jump's target while one is pending, and the page shown otherwise.
 */
export function createJumps(rendition: () => Rendition | undefined) {
  let pending: string | null = null;

  return {
    /** A jump is under way: its relocation, not an earlier one, is the reader's place. */
    pending: () => pending != null,

    async go(target: string): Promise<void> {
      const r = rendition();
      if (!r) return;
      pending = target;
      try {
        await r.display(target);
      } catch (e) {
        console.warn('EPUB jump failed', target, e);
      } finally {
        if (pending === target) pending = null;
      }
    },

    resize(): void {
      const r = rendition() as unknown as
        | { resize(w?: number, h?: number, cfi?: string): void; currentLocation(): { start?: { cfi?: string } } | undefined }
        | undefined;
      if (!r) return;
      // Not epub.js's own `location`: it is updated a frame after each move, so a resize just
      // after a jump landed would lay out the page the reader came from.
      let here: string | undefined;
      try {
        here = r.currentLocation()?.start?.cfi;
      } catch {
        /* nothing laid out yet */
      }
      r.resize(undefined, undefined, pending ?? here);
    },

    /** Call once the rendition is attached (after its first display). */
    detachWindowResize(): void {
      const stage = (rendition() as unknown as { manager?: { stage?: Stage } } | undefined)?.manager?.stage;
      if (stage?.resizeFunc) window.removeEventListener('resize', stage.resizeFunc);
    },
  };
}
