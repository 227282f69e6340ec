import { onMount, Show, type ParentProps } from 'solid-js';
import { refreshSession, session } from '../data/auth';
import { NotAllowedPage } from './routes/NotAllowedPage';

/**
 * Admin pages: a non-admin sees "Not allowed" instead of a half-working page. This is only the
 * UI's courtesy; the worker refuses every admin call from a non-admin session anyway.
 */
export function RequireAdmin(props: ParentProps) {
  // The role may have changed since this tab last asked (another admin, another tab).
  onMount(() => void refreshSession().catch(() => {}));
  return (
    <Show when={session()?.user.role === 'admin'} fallback={<NotAllowedPage />}>
      {props.children}
    </Show>
  );
}
