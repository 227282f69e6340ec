import { Navigate, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { changeOwnPassword, session } from '../../data/auth';
import { DEFAULT_ADMIN } from '../../domain/types';
import { MIN_PASSWORD_LENGTH } from '../../domain/validation';
import { safeNext } from '../safeNext';

/** First run: the default admin must replace the default password before anything else. */
export function ChangePasswordPage() {
  const [params] = useSearchParams<{ next?: string }>();
  const navigate = useNavigate();
  const [next1, setNext1] = createSignal('');
  const [next2, setNext2] = createSignal('');
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  async function submit(e: Event) {
    e.preventDefault();
    setError('');
    if (next1().length < MIN_PASSWORD_LENGTH) return setError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
    if (next1() !== next2()) return setError('The two passwords do not match.');
    setBusy(true);
    try {
      await changeOwnPassword(DEFAULT_ADMIN.password, next1());
      navigate(safeNext(params.next), { replace: true });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Show when={session()} fallback={<Navigate href="/login" />}>
      <Show when={session()?.mustChangePassword} fallback={<Navigate href={safeNext(params.next)} />}>
        <main class="auth-page">
          <form class="card auth-card" onSubmit={submit} novalidate>
            <h1>Choose a new password</h1>
            <p class="muted">
              You signed in with the default password. Choose your own before going on; the default one will stop working.
            </p>
            <label>
              New password
              <input type="password" autocomplete="new-password" value={next1()} onInput={(e) => setNext1(e.currentTarget.value)} />
            </label>
            <label>
              Confirm password
              <input type="password" autocomplete="new-password" value={next2()} onInput={(e) => setNext2(e.currentTarget.value)} />
            </label>
            <Show when={error()}>
              <p class="form-error" role="alert">{error()}</p>
            </Show>
            <button type="submit" class="primary" disabled={busy()}>
              {busy() ? 'Saving…' : 'Save password'}
            </button>
          </form>
        </main>
      </Show>
    </Show>
  );
}
