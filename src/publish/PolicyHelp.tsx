import { createSignal, For } from 'solid-js';
import { awsPublicPolicy, minioPublicPolicy, policyWhere, publishCorsJson, publishCorsXml, type PolicyProvider } from './bucketPolicy';

const PROVIDERS = [['aws', 'AWS S3'], ['r2', 'Cloudflare R2'], ['minio', 'MinIO']] as const;

/** Provider tabs over a text to paste, like the CORS help of the S3 panel. */
function PasteHelp(props: { testId: string; label: string; where: (p: PolicyProvider) => string; text: (p: PolicyProvider) => string | null }) {
  const [tab, setTab] = createSignal<PolicyProvider>('aws');
  const [copied, setCopied] = createSignal(false);
  return (
    <div class="cors-help" data-testid={props.testId}>
      <div role="tablist" aria-label={props.label}>
        <For each={PROVIDERS}>
          {([id, label]) => (
            <button type="button" role="tab" aria-selected={tab() === id} class={tab() === id ? 'active' : ''} onClick={() => (setTab(id), setCopied(false))}>
              {label}
            </button>
          )}
        </For>
      </div>
      <p>{props.where(tab())}</p>
      {props.text(tab()) !== null && (
        <>
          <pre>{props.text(tab())}</pre>
          <button type="button" onClick={async () => (await navigator.clipboard.writeText(props.text(tab()) ?? ''), setCopied(true))}>
            {copied() ? 'Copied' : 'Copy'}
          </button>
        </>
      )}
    </div>
  );
}

/** The bucket policy that makes only the published folder readable by anyone. */
export function PublicPolicyHelp(props: { bucket: string; prefix: string }) {
  return (
    <PasteHelp
      testId="publish-policy-help"
      label="Storage provider (bucket policy)"
      where={(p) => policyWhere(p, props.bucket, props.prefix)}
      text={(p) => (p === 'aws' ? awsPublicPolicy(props.bucket, props.prefix) : p === 'minio' ? minioPublicPolicy(props.bucket, props.prefix) : null)}
    />
  );
}

/** The CORS rule that lets this app write the copy and visitors read it. */
export function PublishCorsHelp() {
  return (
    <PasteHelp
      testId="publish-cors-help"
      label="Storage provider (CORS rule)"
      where={(p) =>
        p === 'aws'
          ? 'AWS console → S3 → your bucket → Permissions → Cross-origin resource sharing (CORS) → Edit, and paste (it replaces the read-only rule):'
          : p === 'r2'
            ? 'Cloudflare dashboard → R2 → your bucket → Settings → CORS policy → Edit, and paste:'
            : 'Save this as cors.xml and run: mc cors set ALIAS/BUCKET cors.xml'
      }
      text={(p) => (p === 'minio' ? publishCorsXml(location.origin) : publishCorsJson(location.origin))}
    />
  );
}
