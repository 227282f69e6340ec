import type { JSX } from 'solid-js';

/** Stroke icons (24×24) for the reader toolbars; buttons carry the accessible name. */
const PATHS = {
  back: 'M19 12H5M11 6l-6 6 6 6',
  prev: 'M15 6l-6 6 6 6',
  next: 'M9 6l6 6-6 6',
  up: 'M6 15l6-6 6 6',
  down: 'M6 9l6 6 6-6',
  search: 'M10.5 17a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zM15.5 15.5L20 20',
  close: 'M6 6l12 12M18 6L6 18',
  plus: 'M12 5v14M5 12h14',
  minus: 'M5 12h14',
  toc: 'M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01',
  outline: 'M4 5h16M7 10h13M10 15h10M10 20h10',
  fitWidth: 'M3 12h18M7 8l-4 4 4 4M17 8l4 4-4 4',
  fitPage: 'M6 3h12v18H6zM9 8h6M9 12h6',
  scroll: 'M7 3h10v7H7zM7 14h10v7H7z',
  single: 'M6 3h12v18H6z',
  sliders: 'M4 7h10M18 7h2M4 17h4M12 17h8M14 5v4M8 15v4',
  chapterPrev: 'M11 6l-6 6 6 6M19 6l-6 6 6 6',
  bookmark: 'M7 3h10v18l-5-4-5 4z',
  annotations: 'M4 20l4-1 11-11-3-3L5 16zM14 6l3 3',
  chapterNext: 'M13 6l6 6-6 6M5 6l6 6-6 6',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon(props: { name: IconName } & JSX.SvgSVGAttributes<SVGSVGElement>) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      {...props}
    >
      <path d={PATHS[props.name]} />
    </svg>
  );
}
