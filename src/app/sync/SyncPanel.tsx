import { createSignal, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { isAppError } from '../../domain/errors';
import { pauseSync, refreshSyncView, resumeSync, setUpSync, syncNow, syncView, turnOffSync } from '../../data/syncClient';
import { statusLine } from '../../sync/syncStatus';
import type { JoinProgress, SyncBucketInput, SyncSetUpMode } from '../../sync/worker/api';
import { Field } from '../../ui/Field';
import { FormMessages } from '../../ui/FormMessages';
import { plural } from '../../ui/plural';
import { createForm } from '../createForm';
import { BucketFields, createBucketInput } from './BucketFields';
import { JoinProgressBar } from './JoinProgressBar';
import './sync.css';

/** How long a new passphrase must be: it is all that stands between the bucket and the library. */
const MIN_PASSPHRASE = 10;

/** `own`: when given, turning on uses that bucket (null: the S3 panel's); unlock keeps where sync is. */
function PassphraseForm(props: { mode: SyncSetUpMode; label: string; own?: () => SyncBucketInput | null; missing?: () => Record<string, string> | null }) {
  const form = createForm();
  const [passphrase, setPassphrase] = createSignal('');
  const [canJoin, setCanJoin] = createSignal(false);
  const [progress, setProgress] = createSignal<JoinProgress | null>(null);
  const run = (mode: SyncSetUpMode) =>
    form.submit(
      async () => {
        setProgress(null);
        try {
          await setUpSync(passphrase(), mode, props.own?.(), mode === 'join' ? setProgress : undefined);
          setPassphrase('');
        } catch (e) {
          if (isAppError(e, 'SYNC_ALREADY_SET_UP')) setCanJoin(true);
          throw e;
        }
      },
      () =>
        props.missing?.() ??
        (!passphrase()
          ? { passphrase: 'Enter the sync passphrase.' }
          : mode === 'create' && passphrase().length < MIN_PASSPHRASE
            ? { passphrase: `Choose at least ${MIN_PASSPHRASE} characters: a few unrelated words are easy to remember.` }
            : null),
    );
  return (
    <form class="sync-form" onSubmit={run(props.mode)} novalidate>
      <Field
        label="Sync passphrase"
        error={form.field('passphrase')}
        hint={
          props.mode === 'create'
            ? 'Every device asks for it once. It cannot be recovered: without it the bucket’s copy cannot be read.'
            : 'The passphrase chosen when sync was turned on.'
        }
      >
        {(c) => (
          <input
            {...c}
            type="password"
            autocomplete={props.mode === 'create' ? 'new-password' : 'current-password'}
            value={passphrase()}
            onInput={(e) => setPassphrase(e.currentTarget.value)}
          />
        )}
      </Field>
      <FormMessages error={form.error()} />
      <div class="actions">
        <button type="submit" class="primary" disabled={form.busy()}>
          {form.busy() ? 'Working…' : props.label}
        </button>
        <Show when={canJoin()}>
          <button type="button" disabled={form.busy()} onClick={(e) => void run('join')(e)}>
            Join the library in the bucket
          </button>
        </Show>
      </div>
      <Show when={form.busy()}>
        <JoinProgressBar progress={progress()} waiting="Unlocking with the passphrase and sending this library… This can take a minute." />
      </Show>
    </form>
  );
}

/** Admin → Library: "Sync between devices" (through the S3 panel's bucket, end-to-end encrypted). */
export function SyncPanel() {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 30_000);
  onCleanup(() => clearInterval(timer));
  const [error, setError] = createSignal('');
  onMount(() => void refreshSyncView().catch((e) => setError(e instanceof Error ? e.message : String(e))));
  const act = (fn: () => Promise<unknown>) => () => {
    setError('');
    fn().catch((e) => setError(e instanceof Error ? e.message : String(e)));
  };
  const v = syncView;
  const [ownBucket, setOwnBucket] = createSignal(false);
  const [confirmOff, setConfirmOff] = createSignal(false);
  const bucket = createBucketInput();
  const [ownErrors, setOwnErrors] = createSignal<Record<string, string>>({});
  const ownMissing = () => {
    const m = ownBucket() ? bucket.missing() : {};
    setOwnErrors(m);
    // The passphrase form shows its own field's error; the bucket's show under its fields.
    return Object.keys(m).length ? { bucket: 'Enter the bucket’s details and keys.' } : null;
  };
  return (
    <section class="card admin-panel sync-panel" aria-labelledby="sync-h">
      <h2 id="sync-h">Sync between devices</h2>
      <Switch>
        <Match when={!v()}>
          <p class="muted">Loading…</p>
        </Match>
        <Match when={!v()!.on}>
          <p>
            Keep this library on your other computers and phones: accounts, collections, reading progress and book records go through an S3
            bucket, encrypted with a passphrase before they leave this device. Whoever runs the bucket can read none of it.
          </p>
          <fieldset class="sync-bucket-choice">
            <legend>Which bucket</legend>
            <label class="check">
              <input type="radio" name="sync-bucket" checked={!ownBucket()} onChange={() => setOwnBucket(false)} /> The S3 bucket above
            </label>
            <label class="check">
              <input type="radio" name="sync-bucket" checked={ownBucket()} onChange={() => setOwnBucket(true)} /> A bucket of its own
            </label>
          </fieldset>
          <Show when={ownBucket()}>
            <div class="sync-own-bucket">
              <p class="muted">Its keys stay in this browser, encrypted; they are never synced, and never in a backup.</p>
              <BucketFields bucket={bucket} error={(f) => ownErrors()[f]} test />
            </div>
          </Show>
          <PassphraseForm mode="create" label="Turn on sync" own={() => (ownBucket() ? bucket.value() : null)} missing={ownMissing} />
        </Match>
        <Match when={v()!.needsPassphrase}>
          <p>Sync is on for this library, but this browser needs the sync passphrase again.</p>
          <PassphraseForm mode="unlock" label="Unlock sync" />
        </Match>
        <Match when={v()!.on}>
          <p class="muted" data-testid="sync-bucket">
            {v()!.ownBucket ? `Through its own bucket: ${v()!.ownBucket!.bucket}${v()!.ownBucket!.prefix ? ` (${v()!.ownBucket!.prefix})` : ''}.` : 'Through the S3 bucket above.'}
          </p>
          <p
            class="sync-status"
            data-testid="sync-status"
            data-state={v()!.status.state}
            data-synced-at={v()!.status.lastSyncedAt ?? ''}
            data-pending={v()!.status.pending}
            role="status"
            classList={{ 'form-error': v()!.status.state === 'failing' }}>
            {statusLine(v()!.status, now())}
          </p>
          <Show when={v()!.status.pending > 0}>
            <p class="muted">
              {plural(v()!.status.pending, 'change')} waiting to be sent.
            </p>
          </Show>
          <div class="actions">
            <Show when={v()!.paused} fallback={<button onClick={act(pauseSync)}>Pause</button>}>
              <button class="primary" onClick={act(resumeSync)}>
                Resume
              </button>
            </Show>
            <button disabled={v()!.paused || v()!.status.state !== 'ok' && v()!.status.state !== 'failing'} onClick={act(syncNow)}>
              Sync now
            </button>
          </div>
        </Match>
      </Switch>
      <Show when={v()?.on}>
        <Show
          when={confirmOff()}
          fallback={
            <div class="actions">
              <button class="danger" onClick={() => setConfirmOff(true)}>
                Turn off sync…
              </button>
            </div>
          }>
          <div class="confirm" role="alertdialog" aria-label="Turn off sync">
            <p>
              Stop syncing on this device? This library stays here as it is, and the other devices keep syncing through the bucket. This
              browser forgets the sync key and sync’s settings: turning sync on again needs the passphrase.
            </p>
            <div class="actions">
              <button onClick={() => setConfirmOff(false)}>Cancel</button>
              <button class="danger" onClick={act(async () => (await turnOffSync(), setConfirmOff(false)))}>
                Turn off sync
              </button>
            </div>
          </div>
        </Show>
      </Show>
      <FormMessages error={error()} />
    </section>
  );
}
