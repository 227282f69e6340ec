import { Navigate, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, onCleanup, Show } from 'solid-js';
import { session, signIn } from '../../data/auth';
import { bootInfo } from '../../data/boot';
import { isAppError } from '../../domain/errors';
import { safeNext } from '../safeNext';

export function LoginPage() {
  const [params] = useSearchParams<{ next?: string }>();
  const navigate = useNavigate();
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [stay, setStay] = createSignal(false);
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [wait, setWait] = createSignal(0);
  let timer: ReturnType<typeof setInterval> | undefined;
  onCleanup(() => clearInterval(timer));

  function countDown(seconds: number) {
    setWait(seconds);
    clearInterval(timer);
    timer = setInterval(() => {
      setWait((w) => Math.max(0, w - 1));
      if (wait() === 0) clearInterval(timer);
    }, 1000);
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy() || wait() > 0) return;
    setBusy(true);
    setError('');
    try {
      const info = await signIn(email(), password(), stay());
      const next = safeNext(params.next);
      navigate(info.mustChangePassword ? `/change-password?next=${encodeURIComponent(next)}` : next, { replace: true });
    } catch (err) {
      if (isAppError(err, 'RATE_LIMITED')) countDown(Number(err.details?.retryAfter ?? 5));
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Show when={!session()} fallback={<Navigate href={safeNext(params.next)} />}>
      <main class="auth-page">
        <form class="card auth-card" onSubmit={submit} novalidate>
          <h1 class="brand">{bootInfo()?.libraryName ?? 'Alex'}</h1>
          <p class="muted">Sign in to your library</p>
          <label>
            Email
            <input type="email" name="email" autocomplete="username" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
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
            <input type="checkbox" checked={stay()} onChange={(e) => setStay(e.currentTarget.checked)} /> Stay signed in
          </label>
          <Show when={error()}>
            <p class="form-error" role="alert">
              {wait() > 0 ? `Too many failed attempts. Try again in ${wait()} seconds.` : error()}
            </p>
          </Show>
          <button type="submit" class="primary" disabled={busy() || wait() > 0}>
            {busy() ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </main>
    </Show>
  );
}
