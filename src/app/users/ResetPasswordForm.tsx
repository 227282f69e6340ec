import { createSignal } from 'solid-js';
import { resetUserPassword } from '../../data/users';
import type { User } from '../../domain/types';
import { MIN_PASSWORD_LENGTH } from '../../domain/validation';
import { isSessionEnded } from '../../data/auth';
import { FormMessages } from '../../ui/FormMessages';
import { createForm } from '../createForm';
import { isRoleRefusal } from './userRoles';
import { ModalActions } from '../../ui/FormActions';
import { PasswordField } from '../../ui/PasswordField';

/** Sets someone's password (they are signed out everywhere). */
export function ResetPasswordForm(props: { user: User; onDone: () => void; onCancel: () => void; onRefused: (e: unknown) => void }) {
  const [password, setPassword] = createSignal('');
  const form = createForm({ refused: (err) => (isSessionEnded(err) || isRoleRefusal(err)) && (props.onRefused(err), true) });
  const submit = form.submit(async () => {
    await resetUserPassword(props.user.id, password());
    props.onDone();
  });

  return (
    <form class="dialog-form" onSubmit={submit} novalidate>
      <p class="muted">
        {props.user.displayName} ({props.user.email}) will be signed out and must sign in with the new password.
      </p>
      <PasswordField
        label="New password"
        name="newPassword"
        autocomplete="new-password"
        autofocus
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        value={password()}
        onInput={setPassword}
        error={form.field('newPassword')}
      />
      <FormMessages error={form.error()} />
      <ModalActions onCancel={props.onCancel} label="Reset password" busyLabel="Saving…" busy={form.busy()} />
    </form>
  );
}
