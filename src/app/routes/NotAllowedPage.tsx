import { A } from '@solidjs/router';
import { session } from '../../data/auth';
import '../accounts.css';

/** What a signed-in user sees on a page their role does not open (typed by hand, or a stale tab). */
export function NotAllowedPage() {
  return (
    <section class="page empty-state not-allowed" aria-labelledby="not-allowed-title">
      <svg class="not-allowed-icon" viewBox="0 0 24 24" width="48" height="48" aria-hidden="true">
        <path
          fill="none"
          stroke="currentColor"
          stroke-width="1.6"
          stroke-linecap="round"
          d="M7 10V7a5 5 0 0 1 10 0v3M5.5 10h13a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1h-13a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1ZM12 14.5v2.5"
        />
      </svg>
      <h1 id="not-allowed-title">Not allowed</h1>
      <p>Only an administrator of this library can open this page.</p>
      <p class="muted">
        You are signed in as {session()?.user.displayName ?? 'someone else'}
        {session()?.user.email ? ` (${session()!.user.email})` : ''}. Ask an administrator if you need access.
      </p>
      <A href="/library" class="button">
        Back to the library
      </A>
    </section>
  );
}
