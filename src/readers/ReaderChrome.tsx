import { Match, Show, Switch, type JSX, type ParentProps } from 'solid-js';
import { Icon } from './icons';
import { NotLoadedActions } from '../ui/NotLoaded';

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

/** The side panel (contents, outline): a drawer over a backdrop on narrow screens. */
export function ReaderPanel(props: ParentProps<{ id: string; label: string; heading: string; closeLabel: string; onClose: () => void }>) {
  return (
    <>
      <div class="panel-backdrop" aria-hidden="true" onClick={() => props.onClose()} />
      <nav id={props.id} class="reader-panel" aria-label={props.label}>
        <div class="panel-head">
          <h2>{props.heading}</h2>
          <button class="icon-btn" aria-label={props.closeLabel} onClick={() => props.onClose()}>
            <Icon name="close" />
          </button>
        </div>
        {props.children}
      </nav>
    </>
  );
}

/** `retry`: the cause is the reader's own code not loaded, which a reload cures (Try again). */
export type LoadStatus = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string; retry?: boolean };

/** Over the page while the book opens, or when it cannot be opened. */
export function ReaderStatusOverlay(props: { status: { kind: string; message?: string; retry?: boolean }; overlayClass: string; errorTitle: string; onBack: () => void }) {
  return (
    <Switch>
      <Match when={props.status.kind === 'loading'}>
        <div class={props.overlayClass}>
          <ReaderMessage busy message="Opening the book…" />
        </div>
      </Match>
      <Match when={props.status.kind === 'error' && props.status.message}>
        {(message) => (
          <div class={props.overlayClass}>
            <ReaderMessage
              title={props.errorTitle}
              message={message()}
              actions={props.status.retry ? <NotLoadedActions onBack={props.onBack} /> : <button onClick={() => props.onBack()}>Back</button>}
            />
          </div>
        )}
      </Match>
    </Switch>
  );
}

/** A search bar's "n of N" and its previous / next / close buttons (both readers' bars). */
export function MatchSteps(props: { text: string; enabled: boolean; onStep: (back: boolean) => void; onClose: () => void }) {
  return (
    <>
      <output class="match-count" aria-live="polite" data-testid="match-count">
        {props.text}
      </output>
      <button class="icon-btn" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={!props.enabled} onClick={() => props.onStep(true)}>
        <Icon name="up" />
      </button>
      <button class="icon-btn" aria-label="Next match" title="Next match (Enter)" disabled={!props.enabled} onClick={() => props.onStep(false)}>
        <Icon name="down" />
      </button>
      <button class="icon-btn" aria-label="Close search" title="Close (Esc)" onClick={() => props.onClose()}>
        <Icon name="close" />
      </button>
    </>
  );
}
