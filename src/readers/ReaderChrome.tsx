import { Show, type JSX, type ParentProps } from 'solid-js';
import { Icon } from './icons';

/** The slim bar every reader state shares: back, title, then the reader's own controls. */
export function ReaderToolbar(props: ParentProps<{ title: string; onBack: () => void }>) {
  return (
    <header class="reader-toolbar">
      <button class="icon-btn" aria-label="Back" title="Back" onClick={() => props.onBack()}>
        <Icon name="back" />
      </button>
      <h1 class="reader-title" title={props.title}>
        {props.title}
      </h1>
      {props.children}
    </header>
  );
}

/** Full-page state under the toolbar: loading, or a problem with what to do about it. */
export function ReaderMessage(props: ParentProps<{ title?: string; message: string; busy?: boolean; actions?: JSX.Element }>) {
  return (
    <div class="reader-message" role={props.busy ? 'status' : 'alert'}>
      <Show when={props.busy}>
        <div class="reader-spinner" aria-hidden="true" />
      </Show>
      <Show when={props.title}>
        <h2>{props.title}</h2>
      </Show>
      <p>{props.message}</p>
      {props.children}
      <Show when={props.actions}>
        <div class="reader-message-actions">{props.actions}</div>
      </Show>
    </div>
  );
}
