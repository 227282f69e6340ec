import { createSignal } from 'solid-js';
import { createUser } from '../../data/users';
import type { Role, User } from '../../domain/types';
import { MIN_PASSWORD_LENGTH } from '../../domain/validation';
import { Field } from '../../ui/Field';
import { isSessionEnded } from '../../data/auth';
import { FormMessages } from '../../ui/FormMessages';
import { createForm } from '../createForm';
import { isRoleRefusal, ROLE_LABEL } from './userRoles';
import { ModalActions } from '../../ui/FormActions';
import { PasswordField } from '../../ui/PasswordField';

/** Admin → Users → Add user: email, name, first password, role. */
export function AddUserForm(props: { onDone: (u: User) => void; onCancel: () => void; onRefused: (e: unknown) => void }) {
  const [email, setEmail] = createSignal('');
  const [displayName, setDisplayName] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [role, setRole] = createSignal<Role>('user');
  const form = createForm({ refused: (err) => (isSessionEnded(err) || isRoleRefusal(err)) && (props.onRefused(err), true) });
  const submit = form.submit(async () => props.onDone(await createUser({ email: email(), displayName: displayName(), password: password(), role: role() })));

  return (
    <form class="dialog-form" onSubmit={submit} novalidate>
      <Field label="Email" error={form.fieldErrors().email}>
        {(a) => (
          <input {...a} type="email" name="email" autocomplete="off" autofocus value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
        )}
      </Field>
      <Field label="Display name" error={form.fieldErrors().displayName}>
        {(a) => (
          <input {...a} type="text" name="displayName" autocomplete="off" value={displayName()} onInput={(e) => setDisplayName(e.currentTarget.value)} />
        )}
      </Field>
      <PasswordField
        label="Password"
        name="password"
        autocomplete="new-password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. Tell them, and they can change it in Account settings.`}
        value={password()}
        onInput={setPassword}
        error={form.field('password')}
      />
      <Field
        label="Role"
        hint={role() === 'admin' ? 'Manages books, sources and users, and reads.' : 'Reads, with their own progress and collections.'}
        error={form.fieldErrors().role}
      >
        {(a) => (
          <select {...a} name="role" value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            <option value="user">{ROLE_LABEL.user}</option>
            <option value="admin">{ROLE_LABEL.admin}</option>
          </select>
        )}
      </Field>
      <FormMessages error={form.error()} />
      <ModalActions onCancel={props.onCancel} label="Add user" busyLabel="Adding…" busy={form.busy()} />
    </form>
  );
}
