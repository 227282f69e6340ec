import { createSignal, Show } from 'solid-js';
import { changeOwnPassword, handleAuthError, session, updateOwnProfile } from '../../data/auth';
import { MIN_PASSWORD_LENGTH } from '../../domain/validation';
import { Field } from '../../ui/Field';
import { formErrors } from '../formErrors';
import '../accounts.css';
import { AnnotationsCard } from '../AnnotationsTransfer';

function ProfileForm() {
  const [name, setName] = createSignal(session()?.user.displayName ?? '');
  const [fieldError, setFieldError] = createSignal('');
  const [error, setError] = createSignal('');
  const [saved, setSaved] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  async function submit(e: Event) {
    e.preventDefault();
    setFieldError('');
    setError('');
    setSaved('');
    setBusy(true);
    try {
      await updateOwnProfile({ displayName: name() });
      setName(session()?.user.displayName ?? name());
      setSaved('Your name was saved.');
    } catch (err) {
      if (handleAuthError(err)) return;
      const { fields, form } = formErrors(err);
      setFieldError(fields.displayName ?? '');
      setError(form);
    } finally {
      setBusy(false);
    }
  }

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
      <Field label="Display name" hint="Shown in the menu and to administrators." error={fieldError()}>
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
              setSaved('');
            }}
          />
        )}
      </Field>
      <Show when={error()}>
        <p class="form-error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={saved()}>
        <p class="form-ok" role="status">
          {saved()}
        </p>
      </Show>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Saving…' : 'Save name'}
        </button>
      </div>
    </form>
  );
}

function PasswordForm() {
  const [oldPassword, setOldPassword] = createSignal('');
  const [newPassword, setNewPassword] = createSignal('');
  const [confirm, setConfirm] = createSignal('');
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal('');
  const [saved, setSaved] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  async function submit(e: Event) {
    e.preventDefault();
    setFieldErrors({});
    setError('');
    setSaved('');
    if (!oldPassword()) return setFieldErrors({ oldPassword: 'Enter your current password.' });
    if (newPassword() !== confirm()) return setFieldErrors({ confirmPassword: 'The two new passwords do not match.' });
    setBusy(true);
    try {
      await changeOwnPassword(oldPassword(), newPassword());
      setOldPassword('');
      setNewPassword('');
      setConfirm('');
      setSaved('Your password was changed. Anywhere else you were signed in, you are now signed out.');
    } catch (err) {
      if (handleAuthError(err)) return;
      const { fields, form } = formErrors(err);
      setFieldErrors(fields);
      setError(form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card settings-card" onSubmit={submit} novalidate aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      {/* Lets password managers tie the new password to the right account. */}
      <input type="email" autocomplete="username" value={session()?.user.email ?? ''} hidden readonly />
      <Field label="Current password" error={fieldErrors().oldPassword}>
        {(a) => (
          <input
            {...a}
            type="password"
            name="oldPassword"
            autocomplete="current-password"
            value={oldPassword()}
            onInput={(e) => setOldPassword(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field label="New password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`} error={fieldErrors().newPassword}>
        {(a) => (
          <input
            {...a}
            type="password"
            name="newPassword"
            autocomplete="new-password"
            value={newPassword()}
            onInput={(e) => setNewPassword(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field label="Confirm new password" error={fieldErrors().confirmPassword}>
        {(a) => (
          <input
            {...a}
            type="password"
            name="confirmPassword"
            autocomplete="new-password"
            value={confirm()}
            onInput={(e) => setConfirm(e.currentTarget.value)}
          />
        )}
      </Field>
      <Show when={error()}>
        <p class="form-error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={saved()}>
        <p class="form-ok" role="status">
          {saved()}
        </p>
      </Show>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Changing…' : 'Change password'}
        </button>
      </div>
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
