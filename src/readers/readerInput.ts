/** Input helpers both readers share: where keys belong to a field, narrow screens, swipes. */

/** Keys typed into a field are the field's, not page turns. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null;
  return !!t?.closest?.('input, textarea, select, [contenteditable="true"]');
}

/** On a narrow screen the side panel covers the page, so picking an entry closes it. */
export const isNarrowScreen = () => window.matchMedia('(max-width: 720px)').matches;

export interface SwipeOptions {
  /** Which touch coordinates to use (clientX inside the app, screenX across the EPUB's iframe). */
  coords: 'client' | 'screen';
  minDistance: number;
  /** A swipe must end within this many ms (no limit when absent). */
  maxDuration?: number;
  /** Whether a swipe turns the page right now. */
  enabled: () => boolean;
  onSwipe: (dir: 1 | -1) => void;
}

/** A horizontal swipe turns the page: left → next (1), right → previous (-1). */
export function createSwipe(o: SwipeOptions) {
  let start: { x: number; y: number; t: number } | null = null;
  const point = (t: Touch) => (o.coords === 'client' ? { x: t.clientX, y: t.clientY } : { x: t.screenX, y: t.screenY });
  return {
    onTouchStart(e: TouchEvent) {
      start = e.touches.length === 1 ? { ...point(e.touches[0]!), t: Date.now() } : null;
    },
    onTouchEnd(e: TouchEvent) {
      if (!start || !o.enabled()) return;
      const p = point(e.changedTouches[0]!);
      const dx = p.x - start.x;
      const dy = p.y - start.y;
      const quick = o.maxDuration == null || Date.now() - start.t < o.maxDuration;
      start = null;
      if (Math.abs(dx) > o.minDistance && Math.abs(dx) > 1.5 * Math.abs(dy) && quick) o.onSwipe(dx < 0 ? 1 : -1);
    },
  };
}
