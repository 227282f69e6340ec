import { createUniqueId, Show, type JSX } from 'solid-js';
import './Field.css';

export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

/**
 * A labelled form control with its hint or error below. The message is outside the <label>, so
 * the control's accessible name stays just the label, and it is linked by aria-describedby.
 */
export function Field(props: {
  label: string;
  hint?: string;
  error?: string;
  children: (control: FieldControlProps) => JSX.Element;
}) {
  const id = createUniqueId();
  const msgId = `${id}-msg`;
  const message = () => props.error || props.hint;
  return (
    <div class="field" classList={{ invalid: !!props.error }}>
      <label for={id}>{props.label}</label>
      {props.children({
        id,
        get 'aria-invalid'() {
          return props.error ? true : undefined;
        },
        get 'aria-describedby'() {
          return message() ? msgId : undefined;
        },
      })}
      <Show when={message()}>
        <span id={msgId} class={props.error ? 'field-error' : 'field-hint'}>
          {message()}
        </span>
      </Show>
    </div>
  );
}
