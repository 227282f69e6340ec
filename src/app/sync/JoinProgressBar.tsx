import { Show } from 'solid-js';
import type { JoinProgress } from '../../sync/worker/api';

const count = (n: number) => n.toLocaleString();

/**
 * While a join runs: "Joining: 4,200 of 10,000 records" over a bar, once the library is unlocked
 * and its size known; before that, `waiting` (the passphrase's key takes a moment to derive).
 */
export function JoinProgressBar(props: { progress: JoinProgress | null; waiting: string }) {
  return (
    <div class="join-progress" role="status" data-testid="join-progress" data-done={props.progress?.done ?? ''} data-total={props.progress?.total ?? ''}>
      <Show when={props.progress && props.progress.total > 0} fallback={<p class="muted">{props.waiting}</p>}>
        <progress max={props.progress!.total} value={props.progress!.done} />
        <p class="muted">
          Joining: {count(props.progress!.done)} of {count(props.progress!.total)} records
        </p>
      </Show>
    </div>
  );
}
