import { createSignal, onCleanup, type Accessor } from 'solid-js';

/**
 * Seconds left until a deadline, updated while it runs. Counts from the wall clock, not from
 * ticks, so a throttled background tab still shows the right number when it comes back.
 */
export function createCountdown(): { seconds: Accessor<number>; start(seconds: number): void } {
  const [seconds, setSeconds] = createSignal(0);
  let until = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const tick = () => {
    const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
    setSeconds(left);
    if (left === 0) clearInterval(timer);
  };
  onCleanup(() => clearInterval(timer));
  return {
    seconds,
    start(s: number) {
      until = Date.now() + s * 1000;
      clearInterval(timer);
      timer = setInterval(tick, 250);
      tick();
    },
  };
}
