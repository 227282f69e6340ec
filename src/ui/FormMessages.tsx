import { Show } from 'solid-js';
import { Dynamic } from 'solid-js/web';

/**
 * A form's message for the whole form (an alert) and its note of success (a status). `inline`
 * for one beside a button rather than under a form; `class` adds the place's own look.
 */
export function FormMessages(props: { error?: string | null; saved?: string | null; inline?: boolean; class?: string }) {
  const tag = () => (props.inline ? 'span' : 'p');
  const cls = (base: string) => (props.class ? `${base} ${props.class}` : base);
  return (
    <>
      <Show when={props.error}>
        <Dynamic component={tag()} class={cls('form-error')} role="alert">
          {props.error}
        </Dynamic>
      </Show>
      <Show when={props.saved}>
        <Dynamic component={tag()} class={cls('form-ok')} role="status">
          {props.saved}
        </Dynamic>
      </Show>
    </>
  );
}
