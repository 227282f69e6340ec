import { createSignal, For, Show } from 'solid-js';
import { awsCorsJson, minioCorsXml, r2CorsJson } from '../s3/corsRules';
import type { ConnectionResult } from '../s3/testConnection';
import './S3Panel.css';

function CorsHelp() {
  const [tab, setTab] = createSignal<'aws' | 'r2' | 'minio'>('aws');
  const [copied, setCopied] = createSignal(false);
  const text = () => (tab() === 'aws' ? awsCorsJson(location.origin) : tab() === 'r2' ? r2CorsJson(location.origin) : minioCorsXml(location.origin));
  const where = () =>
    tab() === 'aws'
      ? 'AWS console → S3 → your bucket → Permissions → Cross-origin resource sharing (CORS) → Edit, and paste:'
      : tab() === 'r2'
        ? 'Cloudflare dashboard → R2 → your bucket → Settings → CORS policy → Edit, and paste:'
        : 'Save this as cors.xml and run: mc cors set ALIAS/BUCKET cors.xml';
  return (
    <div class="cors-help" data-testid="cors-help">
      <div role="tablist" aria-label="Storage provider">
        <For each={[['aws', 'AWS S3'], ['r2', 'Cloudflare R2'], ['minio', 'MinIO']] as const}>
          {([id, label]) => (
            <button role="tab" aria-selected={tab() === id} class={tab() === id ? 'active' : ''} onClick={() => (setTab(id), setCopied(false))}>
              {label}
            </button>
          )}
        </For>
      </div>
      <p>{where()}</p>
      <pre>{text()}</pre>
      <button onClick={async () => (await navigator.clipboard.writeText(text()), setCopied(true))}>{copied() ? 'Copied' : 'Copy'}</button>
    </div>
  );
}

/**
 * What a bucket's "Test connection" found (the S3 panel's, and sync's own bucket's): what it
 * listed, or the plain reason, with the CORS rule to paste when the browser was refused.
 */
export function ConnectionResultView(props: { result: ConnectionResult; testId: string }) {
  const r = () => props.result;
  return (
    <div role="status" data-testid={props.testId} class={r().ok ? 'form-ok' : 'form-error'}>
      {r().ok
        ? `Connected: ${(r() as { objects: number }).objects}${(r() as { truncated: boolean }).truncated ? '+' : ''} objects seen, ${(r() as { books: number }).books} of them books.`
        : (r() as { message: string }).message}
      <Show when={!r().ok && (r() as { kind: string }).kind === 'cors'}>
        <CorsHelp />
      </Show>
      <Show when={r().ok}>
        {/* Listing only proves reading: sync and publishing also write (PUT, DELETE), which an older read-only rule refuses. */}
        <details class="cors-more">
          <summary>CORS rule for sync and publishing</summary>
          <p>Reading works. Sync between devices and publishing also write to the bucket: if its CORS rule allows only GET and HEAD, replace it with this one.</p>
          <CorsHelp />
        </details>
      </Show>
    </div>
  );
}
