import { A, useNavigate } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { bootInfo, refreshBootInfo } from '../../data/boot';
import { joinSyncedLibrary } from '../../data/syncClient';
import type { JoinProgress } from '../../sync/worker/api';
import { Field } from '../../ui/Field';
import { FormMessages } from '../../ui/FormMessages';
import { createForm } from '../createForm';
import { BucketFields, createBucketInput } from './BucketFields';
import { JoinProgressBar } from './JoinProgressBar';
import { RESTORED_KEY } from '../restoredNotice';
import '../accounts.css';
import './sync.css';

/** On the sign-in page of a device with an empty library: the way to "Join a synced library". */
export function JoinLink() {
  return (
    <Show when={bootInfo()?.bookCount === 0}>
      <p class="muted join-link">
        Alex already on another device? <A href="/join">Join a synced library</A>
      </p>
    </Show>
  );
}

/**
 * First run on a new device: the bucket's details and the sync passphrase; the library comes
 * down, then the person signs in with their usual password.
 */
export function JoinPage() {
  const navigate = useNavigate();
  const form = createForm();
  const bucket = createBucketInput();
  const [passphrase, setPassphrase] = createSignal('');
  const [progress, setProgress] = createSignal<JoinProgress | null>(null);

  const submit = form.submit(
    async () => {
      setProgress(null);
      await joinSyncedLibrary({ ...bucket.value(), passphrase: passphrase() }, setProgress);
      await refreshBootInfo();
      sessionStorage.setItem(RESTORED_KEY, 'This device now has your synced library. Sign in with your usual email and password.');
      navigate('/login', { replace: true });
    },
    () => {
      const missing = bucket.missing();
      if (!passphrase()) missing.passphrase = 'Enter the sync passphrase.';
      return Object.keys(missing).length ? missing : null;
    },
  );

  return (
    <main class="auth-page">
      <form class="card auth-card join-card" onSubmit={submit} novalidate aria-busy={form.busy()}>
        <h1 class="brand">Join a synced library</h1>
        <p class="muted">
          Enter the bucket your other device syncs through (Admin → Library → S3 bucket shows its details there) and the sync passphrase.
        </p>
        <BucketFields bucket={bucket} error={form.field} />
        <Field label="Sync passphrase" error={form.field('passphrase')}>
          {(c) => <input {...c} type="password" autocomplete="current-password" value={passphrase()} onInput={(e) => setPassphrase(e.currentTarget.value)} />}
        </Field>
        <FormMessages error={form.error()} />
        <Show when={form.busy()}>
          <JoinProgressBar progress={progress()} waiting="Unlocking and downloading the library… This can take a minute on a phone." />
        </Show>
        <button type="submit" class="primary" disabled={form.busy()}>
          {form.busy() ? 'Joining…' : 'Join'}
        </button>
        <p class="muted">
          <A href="/login">Back to sign in</A>
        </p>
      </form>
    </main>
  );
}
