import { createEffect, createResource, createSignal, Match, on, Show, Switch } from 'solid-js';
import { db } from '../data/client';
import { isAppError } from '../domain/errors';
import { loadCredentials } from '../s3/credentialStore';
import { checkVisitorAccess, type AccessCheck } from './publishErrors';
import { PublicPolicyHelp, PublishCorsHelp } from './PolicyHelp';
import { loadPublished, recordsVersion } from './publishedStore';
import { publishJob, publishNow, refreshPublication, type CollectionInfo } from './publishing';
import { parsePublishedHash } from './publishLink';
import { MAX_PRESIGN_SECONDS, type PublishedRecord, type PublishMode } from './types';
import { plural } from '../ui/plural';
import './publish.css';

const DAY = 24 * 3600;
const formatDate = (seconds: number) => new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' });

/**
 * The Share dialog's bucket part: publish the collection to the bucket so the link opens in
 * any browser, see how it is published and whether visitors can read it. `onLink` hands the
 * published link to the dialog (null: only the profile link exists).
 */
export default function PublishPanel(props: { collection: CollectionInfo; ensureToken: () => Promise<string>; onLink: (link: string | null) => void }) {
  const [bucket] = createResource(async () => {
    const config = await db().getS3Location();
    return config?.bucket && (await loadCredentials(config)) ? config : null;
  });
  const [record] = createResource(() => ({ id: props.collection.id, v: recordsVersion() }), ({ id }) => loadPublished(id));
  createEffect(() => props.onLink(record()?.link ?? null));

  const [mode, setMode] = createSignal<PublishMode>('public');
  const [days, setDays] = createSignal(7);
  const [encrypt, setEncrypt] = createSignal(false);
  const [publicBase, setPublicBase] = createSignal('');
  const [error, setError] = createSignal<{ message: string; reason?: unknown } | null>(null);
  const [access, setAccess] = createSignal<AccessCheck | null>(null);
  const running = () => publishJob()?.collectionId === props.collection.id;

  const check = async (r: PublishedRecord) => {
    const config = bucket();
    const target = parsePublishedHash(new URL(r.link).hash);
    if (!config || !target) return;
    setAccess(null);
    setAccess(await checkVisitorAccess(target.manifestUrl, config, r.mode));
  };
  createEffect(on(record, (r) => r && bucket() && void check(r)));

  const publish = async () => {
    setError(null);
    try {
      const token = await props.ensureToken();
      await publishNow(props.collection, token, { mode: mode(), encrypt: encrypt(), expiresIn: days() * DAY, publicBase: publicBase() || null });
    } catch (e) {
      setError({ message: e instanceof Error ? e.message : String(e), reason: isAppError(e) ? e.details?.reason : undefined });
    }
  };
  const retryUpdate = () => refreshPublication(props.collection).catch((e) => setError({ message: e instanceof Error ? e.message : String(e) }));

  return (
    <section class="publish-panel" aria-label="Publish to your bucket" data-testid="publish-panel">
      <Switch>
        <Match when={bucket.loading || record.loading}>{null}</Match>
        <Match when={!bucket()}>
          <p class="muted small" data-testid="publish-no-bucket">
            To open it on other devices, an administrator sets up an S3 bucket in Admin → Library, where the collection can then be published.
          </p>
        </Match>
        <Match when={running()}>
          <div class="publish-progress" role="status">
            <p>Publishing to your bucket{publishJob()!.progress.current ? `: ${publishJob()!.progress.current}` : '…'}</p>
            <progress aria-label="Publishing" max={publishJob()!.progress.total || 1} value={publishJob()!.progress.done} />
            <button onClick={() => publishJob()?.cancel()}>Cancel</button>
          </div>
        </Match>
        <Match when={record()}>
          {(r) => (
            <div class="publish-status" data-testid="publish-status">
              <p>
                <strong>Published to your bucket.</strong>{' '}
                {r().mode === 'public'
                  ? 'Anyone with the link can read it, in any browser, until you stop sharing.'
                  : `Anyone with the link can read it until ${formatDate(r().expiresAt!)}; then the link stops working.`}
                {r().key ? ' The copy is encrypted; the key is only in the link.' : ''}
              </p>
              <Show when={r().stale}>
                <p class="form-error" role="alert">
                  The copy could not be updated: {r().stale}{' '}
                  <button onClick={retryUpdate}>Update now</button>
                </p>
              </Show>
              <Show when={access()}>
                {(a) => (
                  <Show when={!a().ok && (a() as Extract<AccessCheck, { ok: false }>)} fallback={<p class="muted small" data-testid="publish-access">Checked: visitors can open it.</p>}>
                    {(bad) => (
                      <div class="publish-problem" data-testid="publish-access" data-reason={bad().reason}>
                        <p class="form-error">{bad().message}</p>
                        <Show when={bad().reason === 'cors'}>
                          <PublishCorsHelp />
                        </Show>
                        <Show when={bad().reason === 'not-public' && bucket()}>
                          <PublicPolicyHelp bucket={bucket()!.bucket} prefix={bucket()!.prefix} />
                        </Show>
                        <button onClick={() => check(r())}>Check again</button>
                      </div>
                    )}
                  </Show>
                )}
              </Show>
            </div>
          )}
        </Match>
        <Match when={true}>
          <div class="publish-form">
            <p>
              <strong>Publish to your bucket</strong> so the link opens in any browser, signed out. A copy of this collection's books and covers is written to{' '}
              <code>{bucket()!.bucket}</code> under an unguessable folder; your other books and your name are not.
            </p>
            <fieldset>
              <legend>Who can read the copy</legend>
              <label class="check">
                <input type="radio" name="publish-mode" checked={mode() === 'public'} onChange={() => setMode('public')} />
                <span>
                  <strong>Public folder</strong> — the link works until you stop sharing. The bucket must allow public reading of its <code>.published/</code> folder (policy below).
                </span>
              </label>
              <label class="check">
                <input type="radio" name="publish-mode" checked={mode() === 'presigned'} onChange={() => setMode('presigned')} />
                <span>
                  <strong>Links that expire</strong> — nothing in the bucket becomes public; the link carries signed addresses that stop working after at most 7 days.
                </span>
              </label>
            </fieldset>
            <Show when={mode() === 'presigned'}>
              <label class="publish-expiry">
                <span>Expires after</span>
                <select value={days()} onChange={(e) => setDays(Number(e.currentTarget.value))}>
                  {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                    <option value={d}>{plural(d, 'day')}</option>
                  ))}
                </select>
                <span class="muted small" data-testid="publish-expires">
                  on {formatDate(Math.floor(Date.now() / 1000) + Math.min(MAX_PRESIGN_SECONDS, days() * DAY))}
                </span>
              </label>
            </Show>
            <Show when={mode() === 'public'}>
              <label class="publish-base">
                <span>Public address (optional: Cloudflare R2's r2.dev address or a custom domain)</span>
                <input type="url" placeholder="https://pub-….r2.dev" value={publicBase()} onInput={(e) => setPublicBase(e.currentTarget.value)} />
              </label>
              <details>
                <summary>Bucket policy to make the published folder readable</summary>
                <PublicPolicyHelp bucket={bucket()!.bucket} prefix={bucket()!.prefix} />
              </details>
            </Show>
            <label class="check">
              <input type="checkbox" checked={encrypt()} onChange={(e) => setEncrypt(e.currentTarget.checked)} />
              <span>Encrypt the copy: the bucket holds nothing readable, and the key travels only in the link (after the #).</span>
            </label>
            <Show when={error()}>
              {(e) => (
                <div class="publish-problem" role="alert" data-testid="publish-error">
                  <p class="form-error">{e().message}</p>
                  <Show when={e().reason === 'cors'}>
                    <PublishCorsHelp />
                  </Show>
                </div>
              )}
            </Show>
            <div class="modal-actions">
              <button class="primary" disabled={!!publishJob()} onClick={publish}>
                Publish link
              </button>
            </div>
          </div>
        </Match>
      </Switch>
    </section>
  );
}
