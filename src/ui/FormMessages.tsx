import { Show } from 'solid-js';

/** A form's message for the whole form (an alert) and its note of success (a status). */
export function FormMessages(props: { error?: string; saved?: string }) {
  return (
    <>
      <Show when={props.error}>
        <p class="form-error" role="alert">
          {props.error}
        </p>
      </Show>
      <Show when={props.saved}>
        <p class="form-ok" role="status">
          {props.saved}
        </p>
      </Show>
    </>
  );
}
