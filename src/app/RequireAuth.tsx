import { Navigate, useLocation } from '@solidjs/router';
import { Match, Switch, type ParentProps } from 'solid-js';
import { session } from '../data/auth';

/** Pages behind a session: otherwise to /login and back; a pending password change comes first. */
export function RequireAuth(props: ParentProps) {
  const location = useLocation();
  const back = () => encodeURIComponent(location.pathname + location.search);
  return (
    <Switch>
      <Match when={!session()}>
        <Navigate href={`/login?next=${back()}`} />
      </Match>
      <Match when={session()?.mustChangePassword}>
        <Navigate href={`/change-password?next=${back()}`} />
      </Match>
      <Match when={session()}>{props.children}</Match>
    </Switch>
  );
}
