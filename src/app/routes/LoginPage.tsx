import { Navigate, useSearchParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { session, signIn } from '../../data/auth';
import { bootInfo } from '../../data/boot';
import { isAppError } from '../../domain/errors';
import { createCountdown } from '../countdown';
import { createForm } from '../createForm';
import { errorText } from '../formErrors';
import { safeNext } from '../safeNext';
import { plural } from '../../ui/plural';
import { clearRestoredNotice, restoredNotice } from '../restoredNotice';
import { JoinLink } from '../sync/JoinPage';
import '../accounts.css';
import { FormMessages } from '../../ui/FormMessages';

export function LoginPage() {
  const [params] = useSearchParams<{ next?: string }>();
  const restored = restoredNotice();
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [stay, setStay] = createSignal(false);
  const wait = createCountdown();
  const form = createForm();

  // Once signed in, go where the user was headed; a pending password change comes first.
  const destination = () => {
    const next = safeNext(params.next);
    return session()?.mustChangePassword ? `/change-password?next=${encodeURIComponent(next)}` : next;
  };

  const submit = form.submit(async () => {
    if (wait.seconds() > 0) return;
    try {
      await signIn(email(), password(), stay());
      clearRestoredNotice();
    } catch (err) {
      // Both the refusal and the last failure before the wait carry retryAfter.
      const retryAfter = isAppError(err) ? Number(err.details?.retryAfter ?? 0) : 0;
      if (retryAfter > 0) wait.start(retryAfter);
      setPassword('');
      // One message for the whole form: these fields have none of their own.
      throw new Error(isAppError(err, 'RATE_LIMITED') ? 'Too many failed attempts.' : errorText(err));
    }
  });

  return (
    <Show when={!session()} fallback={<Navigate href={destination()} />}>
      <main class="auth-page">
        <form class="card auth-card" onSubmit={submit} novalidate>
          <h1 class="brand">{bootInfo()?.libraryName ?? 'Alex'}</h1>
          <p class="muted">Sign in to your library</p>
          <FormMessages saved={restored} />
          <label>
            Email
            <input
              type="email"
              name="email"
              autocomplete="username"
              autofocus
              required
              value={email()}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </label>
          <label>
            Password
            <input
              type="password"
              name="password"
              autocomplete="current-password"
              required
              value={password()}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
          <label class="check">
            <input type="checkbox" name="stay" checked={stay()} onChange={(e) => setStay(e.currentTarget.checked)} /> Stay signed in
          </label>
          <p class="muted field-hint stay-hint">
            {stay() ? 'You stay signed in on this device for 30 days.' : 'You are signed out when you close the browser.'}
          </p>
          <FormMessages error={form.error()} />
          {/* A timer region is not announced on every tick; the button points screen readers to it. */}
          <Show when={wait.seconds() > 0}>
            <p class="form-wait" role="timer" id="sign-in-wait" data-testid="sign-in-wait">
              Try again in {plural(wait.seconds(), 'second')}.
            </p>
          </Show>
          <button
            type="submit"
            class="primary"
            disabled={form.busy() || wait.seconds() > 0}
            aria-describedby={wait.seconds() > 0 ? 'sign-in-wait' : undefined}
          >
            {form.busy() ? 'Signing in…' : 'Sign in'}
          </button>
          <JoinLink />
        </form>
      </main>
    </Show>
  );
}
