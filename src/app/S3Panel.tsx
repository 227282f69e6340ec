import { createResource, createSignal, For, Match, onMount, Show, Switch } from 'solid-js';
import { ConnectionResultView } from './ConnectionResultView';
import { api } from '../data/sessionClient';
import { online } from '../pwa/online';
import { formatBytes } from '../pwa/storageReport';
import { DEFAULT_S3_CONFIG, MAX_POLL_SECONDS, MIN_POLL_SECONDS, type S3Config } from '../db/api';
import { forgetCredentials, loadCredentials, saveCredentials } from '../s3/credentialStore';
import { clearOfflineCopies, refreshOfflineCopies } from '../storage/offlineCopies';
import type { ConnectionResult } from '../s3/testConnection';
import { timeAgo } from './ingest/timeAgo';
import { noun, plural } from '../ui/plural';
import './S3Panel.css';

type Sync = typeof import('../s3/s3Sync');
let syncModule: Promise<Sync> | undefined;
const sync = () => (syncModule ??= import('../s3/s3Sync'));

function SyncStatus() {
  const [usage, { refetch }] = createResource(refreshOfflineCopies);
  const [s] = createResource(sync);
  return (
    <Show when={s()}>
      {(m) => (
        <div class="s3-status" data-testid="s3-status">
          <p>
            <strong>{m().s3Source()?.bookCount ?? 0}</strong> {noun(m().s3Source()?.bookCount ?? 0, 'book')} from the bucket.{' '}
            <Switch>
              <Match when={!online() || m().s3Phase() === 'waiting-network'}>Waiting for the network to poll the bucket.</Match>
              <Match when={m().s3Phase() === 'no-keys'}>This browser has no keys for the bucket: enter them above.</Match>
              <Match when={m().s3Phase() === 'polling'}>
                Polling{m().s3Progress() ? ` — ${m().s3Progress()!.done} of ${m().s3Progress()!.total}: ${m().s3Progress()!.key}` : '…'}
              </Match>
              <Match when={m().s3Source()?.status}>
                {(st) => (
                  <>
                    Last poll {timeAgo(st().at)}:{' '}
                    {st().outcome === 'failed' ? (
                      <span class="form-error">
                        {st().error} Next try in {Math.round(st().retryIn)} s.
                      </span>
                    ) : (
                      `${st().listed} listed, ${st().added} added, ${st().updated} updated, ${st().removed} removed.`
                    )}
                  </>
                )}
              </Match>
            </Switch>
          </p>
          <Show when={m().s3Phase() === 'polling' && m().s3Progress()}>
            {(p) => <progress max={p().total || 1} value={p().done} aria-label="Poll progress" />}
          </Show>
          <Show when={(m().s3Source()?.status?.failures.length ?? 0) + (m().s3Source()?.status?.duplicates.length ?? 0) > 0}>
            <details>
              <summary>Objects not added ({(m().s3Source()?.status?.failures.length ?? 0) + (m().s3Source()?.status?.duplicates.length ?? 0)})</summary>
              <ul class="s3-failures">
                <For each={m().s3Source()?.status?.failures}>{(f) => <li><code>{f.key}</code>: {f.reason}</li>}</For>
                <For each={m().s3Source()?.status?.duplicates}>{(d) => <li><code>{d.key}</code>: same content as <code>{d.existingPath}</code></li>}</For>
              </ul>
            </details>
          </Show>
          <div class="actions">
            <button onClick={() => void m().pollNow()} disabled={m().s3Phase() === 'polling' || !online()}>
              Poll now
            </button>
            <Show when={m().s3Phase() === 'polling'}>
              <button onClick={() => m().cancelPoll()}>Cancel</button>
            </Show>
          </div>
          <p class="muted" data-testid="offline-usage">
            Downloaded for offline reading: {plural(usage()?.count ?? 0, 'book')} ({formatBytes(usage()?.bytes ?? 0)}).{' '}
            <Show when={(usage()?.count ?? 0) > 0}>
              <button class="link" onClick={async () => (await clearOfflineCopies(), refetch())}>
                Free this space
              </button>
            </Show>
          </p>
        </div>
      )}
    </Show>
  );
}

/** Admin → Library → S3: where the bucket is, its keys (kept only in this browser), and the poll. */
export function S3Panel() {
  const [config, setConfig] = createSignal<S3Config>({ ...DEFAULT_S3_CONFIG });
  const [keyId, setKeyId] = createSignal('');
  const [secret, setSecret] = createSignal('');
  const [configured, setConfigured] = createSignal(false);
  const [result, setResult] = createSignal<ConnectionResult | null>(null);
  const [message, setMessage] = createSignal<{ ok: boolean; text: string }>();
  const [busy, setBusy] = createSignal('');
  const [confirmRemove, setConfirmRemove] = createSignal(false);

  onMount(async () => {
    const s = await api.getS3Source();
    if (s.config) {
      setConfig(s.config);
      setConfigured(true);
    }
    const creds = s.config && (await loadCredentials(s.config));
    if (creds) {
      setKeyId(creds.accessKeyId);
      setSecret(creds.secretAccessKey);
    }
  });

  const field = <K extends keyof S3Config>(k: K) => (v: S3Config[K]) => setConfig((c) => ({ ...c, [k]: v }));
  const creds = () => ({ accessKeyId: keyId(), secretAccessKey: secret() });

  async function test() {
    setBusy('test');
    setResult(null);
    try {
      const { testConnection } = await import('../s3/testConnection');
      setResult(await testConnection(config(), creds()));
    } finally {
      setBusy('');
    }
  }

  async function save(e: Event) {
    e.preventDefault();
    setBusy('save');
    setMessage();
    try {
      if (!keyId().trim() || !secret()) throw new Error('Enter the access key id and the secret access key.');
      await api.setS3Source(config());
      await saveCredentials(creds(), config());
      setConfigured(true);
      setMessage({ ok: true, text: 'Saved. The bucket is polled now and then every ' + config().pollSeconds + ' seconds.' });
      const m = await sync();
      await m.startS3Sync();
      void m.pollNow();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy('');
    }
  }

  async function remove() {
    setBusy('remove');
    try {
      const m = await sync();
      m.stopS3Sync();
      const { staleCovers } = await api.removeS3Source();
      const { removeCoverFile } = await import('../storage/removeCover');
      for (const c of staleCovers) await removeCoverFile(c).catch(() => {});
      await clearOfflineCopies();
      await forgetCredentials();
      setConfig({ ...DEFAULT_S3_CONFIG });
      setKeyId('');
      setSecret('');
      setConfigured(false);
      setConfirmRemove(false);
      await m.refreshS3Source();
      setMessage({ ok: true, text: 'The bucket and its books were removed, and its keys forgotten.' });
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy('');
    }
  }

  return (
    <section class="card admin-panel s3-panel" aria-labelledby="s3-h">
      <h2 id="s3-h">S3 bucket</h2>
      <p class="muted">
        Books can also come from an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO). The keys stay in this browser, encrypted; they are
        never in the library database or its backups, and are sent only to the endpoint below.
      </p>
      <form class="s3-form" onSubmit={save}>
        <label>
          Endpoint
          <input placeholder="https://… (leave empty for AWS S3)" value={config().endpoint} onInput={(e) => field('endpoint')(e.currentTarget.value)} />
        </label>
        <label>
          Region
          <input value={config().region} onInput={(e) => field('region')(e.currentTarget.value)} />
        </label>
        <label>
          Bucket
          <input required value={config().bucket} onInput={(e) => field('bucket')(e.currentTarget.value)} />
        </label>
        <label>
          Prefix
          <input placeholder="optional, e.g. books/" value={config().prefix} onInput={(e) => field('prefix')(e.currentTarget.value)} />
        </label>
        <label>
          Access key id
          <input autocomplete="off" value={keyId()} onInput={(e) => setKeyId(e.currentTarget.value)} />
        </label>
        <label>
          Secret access key
          <input type="password" autocomplete="off" value={secret()} onInput={(e) => setSecret(e.currentTarget.value)} />
        </label>
        <label>
          Poll interval (seconds)
          <input type="number" min={MIN_POLL_SECONDS} max={MAX_POLL_SECONDS} value={config().pollSeconds} onInput={(e) => field('pollSeconds')(Number(e.currentTarget.value))} />
        </label>
        <label>
          Keep downloaded books for offline reading
          <select value={config().keepOffline} onChange={(e) => field('keepOffline')(e.currentTarget.value as S3Config['keepOffline'])}>
            <option value="opened">Books once opened</option>
            <option value="all">All books</option>
            <option value="off">Never</option>
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked={config().forcePathStyle} onChange={(e) => field('forcePathStyle')(e.currentTarget.checked)} /> Path-style
          addressing (MinIO and most self-hosted servers)
        </label>
        <div class="actions">
          <button type="button" onClick={test} disabled={!!busy()}>
            {busy() === 'test' ? 'Testing…' : 'Test connection'}
          </button>
          <button type="submit" class="primary" disabled={!!busy()}>
            {busy() === 'save' ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
      <Show when={result()}>{(r) => <ConnectionResultView result={r()} testId="s3-test-result" />}</Show>
      <Show when={message()}>{(m) => <p class={m().ok ? 'form-ok' : 'form-error'} role="status">{m().text}</p>}</Show>
      <Show when={configured()}>
        <SyncStatus />
        <Show
          when={confirmRemove()}
          fallback={
            <div class="actions">
              <button class="danger" onClick={() => setConfirmRemove(true)}>
                Remove bucket…
              </button>
            </div>
          }
        >
          <div class="confirm" role="alertdialog" aria-label="Remove the bucket">
            <p>Remove the bucket from Alex? Its books leave the library (with their progress and collection places); the objects in the bucket are not touched.</p>
            <div class="actions">
              <button onClick={() => setConfirmRemove(false)}>Cancel</button>
              <button class="danger" onClick={remove} disabled={!!busy()}>
                Remove bucket and its books
              </button>
            </div>
          </div>
        </Show>
      </Show>
    </section>
  );
}
