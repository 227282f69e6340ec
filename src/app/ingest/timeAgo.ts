import { createSignal } from 'solid-js';

const [tick, setTick] = createSignal(Date.now());
let timer: ReturnType<typeof setInterval> | undefined;

/** "just now", "5 minutes ago", "yesterday"…: re-renders every 30 s while something shows it. */
export function timeAgo(unixSeconds: number): string {
  timer ??= setInterval(() => setTick(Date.now()), 30_000);
  const s = Math.max(0, Math.round(tick() / 1000 - unixSeconds));
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  if (s < 45) return 'just now';
  if (s < 3600) return rtf.format(-Math.round(s / 60), 'minute');
  if (s < 86400) return rtf.format(-Math.round(s / 3600), 'hour');
  return rtf.format(-Math.round(s / 86400), 'day');
}

export function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
