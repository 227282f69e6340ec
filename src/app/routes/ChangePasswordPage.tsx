import { Navigate, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { changeOwnPassword, session } from '../../data/auth';
import { useSignOut } from '../useSignOut';
import { DEFAULT_ADMIN } from '../../domain/types';
import { MIN_PASSWORD_LENGTH } from '../../domain/validation';
import { FormMessages } from '../../ui/FormMessages';
import { createForm } from '../createForm';
import { safeNext } from '../safeNext';
import '../accounts.css';
import { PasswordField } from '../../ui/PasswordField';

/** First run: the default admin must replace the default password before anything else. */
export function ChangePasswordPage() {
  const [params] = useSearchParams<{ next?: string }>();
  const navigate = useNavigate();
  const leave = useSignOut();
  const [next1, setNext1] = createSignal('');
  const [next2, setNext2] = createSignal('');
  const form = createForm();
  const submit = form.submit(
    async () => {
      // Only the default admin's first sign-in lands here, and it signed in with the default password.
      await changeOwnPassword(DEFAULT_ADMIN.password, next1());
      navigate(safeNext(params.next), { replace: true });
    },
    () => {
      if (next1().length < MIN_PASSWORD_LENGTH) return { newPassword: `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.` };
      if (next1() !== next2()) return { confirmPassword: 'The two passwords do not match.' };
      return null;
    },
  );

  return (
    <Show when={session()} fallback={<Navigate href="/login" />}>
      <Show when={session()?.mustChangePassword} fallback={<Navigate href={safeNext(params.next)} />}>
        <main class="auth-page">
          <form class="card auth-card" onSubmit={submit} novalidate>
            <h1>Choose a new password</h1>
            <p class="muted">
              You signed in with the default password. Choose your own before going on; the default one will stop working.
            </p>
            <PasswordField
              label="New password"
              autocomplete="new-password"
              autofocus
              hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
              value={next1()}
              onInput={setNext1}
              error={form.field('newPassword')}
            />
            <PasswordField label="Confirm password" autocomplete="new-password" value={next2()} onInput={setNext2} error={form.field('confirmPassword')} />
            <FormMessages error={form.error()} />
            <button type="submit" class="primary" disabled={form.busy()}>
              {form.busy() ? 'Saving…' : 'Save password'}
            </button>
            <button
              type="button"
              class="link auth-secondary"
              onClick={leave}
            >
              Sign out
            </button>
          </form>
        </main>
      </Show>
    </Show>
  );
}
