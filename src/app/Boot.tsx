import { createResource, Match, Switch, type ParentProps } from 'solid-js';
import { boot } from '../data/boot';
import { refreshSession } from '../data/auth';
import { isAppError } from '../domain/errors';

/** Opens the database before anything else renders; shows plainly why when it cannot. */
export function Boot(props: ParentProps) {
  const [ready] = createResource(async () => {
    const info = await boot();
    await refreshSession();
    return info;
  });
  return (
    <Switch>
      <Match when={ready.error}>
        <main class="boot boot-error" role="alert">
          <h1>Alex could not open your library</h1>
          <p data-testid="boot-error">{ready.error instanceof Error ? ready.error.message : String(ready.error)}</p>
          <p class="muted">
            {isAppError(ready.error, 'OPFS_UNAVAILABLE')
              ? 'Nothing was lost: your library lives in the browser profile you normally use.'
              : 'Reload the page to try again. If this keeps happening, your browser storage may be full or blocked.'}
          </p>
          <button onClick={() => location.reload()}>Reload</button>
        </main>
      </Match>
      <Match when={ready()}>{props.children}</Match>
      <Match when={ready.loading}>
        <main class="boot" aria-busy="true">
          <h1 class="brand">Alex</h1>
          <p class="muted">Opening your library…</p>
        </main>
      </Match>
    </Switch>
  );
}
