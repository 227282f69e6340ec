import { createSignal } from 'solid-js';
import { changeOwnPassword, session, updateOwnProfile } from '../../data/auth';
import { MIN_PASSWORD_LENGTH } from '../../domain/validation';
import { Field } from '../../ui/Field';
import { FormMessages } from '../../ui/FormMessages';
import { createForm } from '../createForm';
import '../accounts.css';
import { AnnotationsCard } from '../AnnotationsTransfer';
import { PasswordField } from '../../ui/PasswordField';
import { SubmitRow } from '../../ui/FormActions';

function ProfileForm() {
  const [name, setName] = createSignal(session()?.user.displayName ?? '');
  const form = createForm();
  const submit = form.submit(async () => {
    await updateOwnProfile({ displayName: name() });
    setName(session()?.user.displayName ?? name());
    form.setSaved('Your name was saved.');
  });

  return (
    <form class="card settings-card" onSubmit={submit} novalidate aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <div class="field">
        <span class="field-label">Email</span>
        <span class="readonly-value" data-testid="own-email">
          {session()?.user.email}
        </span>
        <span class="field-hint">You sign in with this address.</span>
      </div>
      <div class="field">
        <span class="field-label">Role</span>
        <span class="readonly-value">{session()?.user.role === 'admin' ? 'Administrator' : 'Reader'}</span>
      </div>
      <Field label="Display name" hint="Shown in the menu and to administrators." error={form.field('displayName')}>
        {(a) => (
          <input
            {...a}
            type="text"
            name="displayName"
            autocomplete="nickname"
            maxlength={100}
            value={name()}
            onInput={(e) => {
              setName(e.currentTarget.value);
              form.setSaved('');
            }}
          />
        )}
      </Field>
      <FormMessages error={form.error()} saved={form.saved()} />
      <SubmitRow label="Save name" busyLabel="Saving…" busy={form.busy()} />
    </form>
  );
}

function PasswordForm() {
  const [oldPassword, setOldPassword] = createSignal('');
  const [newPassword, setNewPassword] = createSignal('');
  const [confirm, setConfirm] = createSignal('');
  const form = createForm();
  const submit = form.submit(
    async () => {
      await changeOwnPassword(oldPassword(), newPassword());
      setOldPassword('');
      setNewPassword('');
      setConfirm('');
      form.setSaved('Your password was changed. Anywhere else you were signed in, you are now signed out.');
    },
    () => {
      if (!oldPassword()) return { oldPassword: 'Enter your current password.' };
      if (newPassword() !== confirm()) return { confirmPassword: 'The two new passwords do not match.' };
      return null;
    },
  );

  return (
    <form class="card settings-card" onSubmit={submit} novalidate aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      {/* Lets password managers tie the new password to the right account. */}
      <input type="email" autocomplete="username" value={session()?.user.email ?? ''} hidden readonly />
      <PasswordField label="Current password" name="oldPassword" autocomplete="current-password" value={oldPassword()} onInput={setOldPassword} error={form.field('oldPassword')} />
      <PasswordField
        label="New password"
        name="newPassword"
        autocomplete="new-password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        value={newPassword()}
        onInput={setNewPassword}
        error={form.field('newPassword')}
      />
      <PasswordField label="Confirm new password" name="confirmPassword" autocomplete="new-password" value={confirm()} onInput={setConfirm} error={form.field('confirmPassword')} />
      <FormMessages error={form.error()} saved={form.saved()} />
      <SubmitRow label="Change password" busyLabel="Changing…" busy={form.busy()} />
    </form>
  );
}

/** /settings: the signed-in person's own account. */
export function SettingsPage() {
  return (
    <section class="page settings-page">
      <h1>Account settings</h1>
      <ProfileForm />
      <PasswordForm />
      <AnnotationsCard />
    </section>
  );
}
