import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { online } from '../pwa/online';
import './NotLoaded.css';

export const NOT_LOADED_TITLE = 'This page could not be loaded';

/**
 * The two causes we know: offline with this code not yet in the service worker's cache (it was
 * still installing), or a newer deployment renamed the code this page asks for. A reload cures
 * both once the network is back. `navigator.onLine` is only sure when it says offline.
 */
export function notLoadedReason(): string {
  return online()
    ? 'You may be offline and this part of Alex is not saved on this device yet, or Alex was updated since this page was opened. Try again to load it.'
    : 'You are offline and this part of Alex is not saved on this device yet. Try again once you are connected.';
}

export function reloadPage(): void {
  location.reload();
}

/** Try again, and Back where there is somewhere to go: a link (`backHref`) or an action (`onBack`). */
export function NotLoadedActions(props: { backHref?: string; onBack?: () => void }) {
  return (
    <div class="not-loaded-actions">
      <button class="primary" onClick={reloadPage}>
        Try again
      </button>
      <Show
        when={props.backHref}
        fallback={
          <Show when={props.onBack}>
            {(back) => <button onClick={() => back()()}>Back</button>}
          </Show>
        }
      >
        {(href) => (
          <A class="button" href={href()}>
            Back
          </A>
        )}
      </Show>
    </div>
  );
}

/**
 * What shows where code that could not be fetched would have been: a page in the Shell, a whole
 * screen (routes without the Shell), or a line in place of a smaller part.
 */
export function NotLoaded(props: { shape: 'page' | 'screen' | 'inline'; backHref?: string }) {
  const tryAgain = <NotLoadedActions backHref={props.backHref} />;
  if (props.shape === 'inline') {
    return (
      <div class="not-loaded not-loaded-inline" role="alert">
        <p>
          <strong>This part of Alex could not be loaded.</strong> {notLoadedReason()}
        </p>
        {tryAgain}
      </div>
    );
  }
  const body = (
    <>
      <h1>{NOT_LOADED_TITLE}</h1>
      <p class="muted">{notLoadedReason()}</p>
      {tryAgain}
    </>
  );
  return props.shape === 'screen' ? (
    <main class="boot boot-error not-loaded" role="alert">
      {body}
    </main>
  ) : (
    <section class="page empty-state not-loaded" role="alert">
      {body}
    </section>
  );
}
