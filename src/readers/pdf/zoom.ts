/** Zoom steps of the PDF reader, 50 % to 400 %. */
export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 4;
export const ZOOM_STEPS = [0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4] as const;

export type ScaleValue = number | 'auto' | 'page-width' | 'page-fit';

/** The next step up or down from `scale` (which may sit between steps after "Fit width"). */
export function nextZoom(scale: number, dir: 1 | -1): number {
  const eps = 0.005;
  if (dir > 0) return ZOOM_STEPS.find((s) => s > scale + eps) ?? MAX_ZOOM;
  return [...ZOOM_STEPS].reverse().find((s) => s < scale - eps) ?? MIN_ZOOM;
}
