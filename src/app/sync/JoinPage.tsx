import { A, useNavigate } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { bootInfo, refreshBootInfo } from '../../data/boot';
import { joinSyncedLibrary } from '../../data/syncClient';
import { DEFAULT_S3_CONFIG, type S3Config } from '../../db/api';
import type { JoinProgress } from '../../sync/worker/api';
import { Field } from '../../ui/Field';
import { FormMessages } from '../../ui/FormMessages';
import { createForm } from '../createForm';
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
  const [config, setConfig] = createSignal<S3Config>({ ...DEFAULT_S3_CONFIG });
  const [keyId, setKeyId] = createSignal('');
  const [secret, setSecret] = createSignal('');
  const [passphrase, setPassphrase] = createSignal('');
  const [progress, setProgress] = createSignal<JoinProgress | null>(null);
  const set = <K extends keyof S3Config>(k: K) => (value: S3Config[K]) => setConfig({ ...config(), [k]: value });

  const submit = form.submit(
    async () => {
      setProgress(null);
      await joinSyncedLibrary({ config: config(), credentials: { accessKeyId: keyId(), secretAccessKey: secret() }, passphrase: passphrase() }, setProgress);
      await refreshBootInfo();
      sessionStorage.setItem(RESTORED_KEY, 'This device now has your synced library. Sign in with your usual email and password.');
      navigate('/login', { replace: true });
    },
    () => {
      const missing: Record<string, string> = {};
      if (!config().bucket.trim()) missing.bucket = 'Enter the bucket name.';
      if (!keyId().trim()) missing.accessKeyId = 'Enter the access key id.';
      if (!secret()) missing.secretAccessKey = 'Enter the secret access key.';
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
        <Field label="Endpoint" hint="Leave empty for AWS S3." error={form.field('endpoint')}>
          {(c) => <input {...c} placeholder="https://…" value={config().endpoint} onInput={(e) => set('endpoint')(e.currentTarget.value)} />}
        </Field>
        <Field label="Region" error={form.field('region')}>
          {(c) => <input {...c} value={config().region} onInput={(e) => set('region')(e.currentTarget.value)} />}
        </Field>
        <Field label="Bucket" error={form.field('bucket')}>
          {(c) => <input {...c} value={config().bucket} onInput={(e) => set('bucket')(e.currentTarget.value)} />}
        </Field>
        <Field label="Prefix" hint="Optional, as on your other device." error={form.field('prefix')}>
          {(c) => <input {...c} value={config().prefix} onInput={(e) => set('prefix')(e.currentTarget.value)} />}
        </Field>
        <label class="check">
          <input type="checkbox" checked={config().forcePathStyle} onChange={(e) => set('forcePathStyle')(e.currentTarget.checked)} /> Path-style
          addressing (MinIO and most self-hosted servers)
        </label>
        <Field label="Access key id" error={form.field('accessKeyId')}>
          {(c) => <input {...c} autocomplete="off" value={keyId()} onInput={(e) => setKeyId(e.currentTarget.value)} />}
        </Field>
        <Field label="Secret access key" error={form.field('secretAccessKey')}>
          {(c) => <input {...c} type="password" autocomplete="off" value={secret()} onInput={(e) => setSecret(e.currentTarget.value)} />}
        </Field>
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
