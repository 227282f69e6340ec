import { createSignal, Show } from 'solid-js';
import { DEFAULT_S3_CONFIG, type S3Config } from '../../db/api';
import type { ConnectionResult } from '../../s3/testConnection';
import type { S3Credentials } from '../../s3/types';
import { Field } from '../../ui/Field';
import { ConnectionResultView } from '../ConnectionResultView';

/** A bucket's details and keys as a form holds them (joining, or sync's own bucket). */
export function createBucketInput() {
  const [config, setConfig] = createSignal<S3Config>({ ...DEFAULT_S3_CONFIG });
  const [keyId, setKeyId] = createSignal('');
  const [secret, setSecret] = createSignal('');
  return {
    config,
    keyId,
    secret,
    setKeyId,
    setSecret,
    set: <K extends keyof S3Config>(k: K) => (value: S3Config[K]) => setConfig({ ...config(), [k]: value }),
    value: (): { config: S3Config; credentials: S3Credentials } => ({ config: config(), credentials: { accessKeyId: keyId(), secretAccessKey: secret() } }),
    /** Per field, what is missing (null when nothing is). */
    missing(): Record<string, string> {
      const m: Record<string, string> = {};
      if (!config().bucket.trim()) m.bucket = 'Enter the bucket name.';
      if (!keyId().trim()) m.accessKeyId = 'Enter the access key id.';
      if (!secret()) m.secretAccessKey = 'Enter the secret access key.';
      return m;
    },
  };
}
export type BucketInput = ReturnType<typeof createBucketInput>;

/**
 * Endpoint, region, bucket, prefix, path style and keys; with `test`, the S3 panel's "Test
 * connection" (the same self-test, CORS help included).
 */
export function BucketFields(props: { bucket: BucketInput; error: (field: string) => string | undefined; test?: boolean }) {
  const b = props.bucket;
  const [result, setResult] = createSignal<ConnectionResult | null>(null);
  const [testing, setTesting] = createSignal(false);
  async function test() {
    setTesting(true);
    setResult(null);
    try {
      const { testConnection } = await import('../../s3/testConnection');
      const v = b.value();
      setResult(await testConnection(v.config, v.credentials));
    } finally {
      setTesting(false);
    }
  }
  return (
    <>
      <Field label="Endpoint" hint="Leave empty for AWS S3." error={props.error('endpoint')}>
        {(c) => <input {...c} placeholder="https://…" value={b.config().endpoint} onInput={(e) => b.set('endpoint')(e.currentTarget.value)} />}
      </Field>
      <Field label="Region" error={props.error('region')}>
        {(c) => <input {...c} value={b.config().region} onInput={(e) => b.set('region')(e.currentTarget.value)} />}
      </Field>
      <Field label="Bucket" error={props.error('bucket')}>
        {(c) => <input {...c} value={b.config().bucket} onInput={(e) => b.set('bucket')(e.currentTarget.value)} />}
      </Field>
      <Field label="Prefix" hint="Optional, as on your other device." error={props.error('prefix')}>
        {(c) => <input {...c} value={b.config().prefix} onInput={(e) => b.set('prefix')(e.currentTarget.value)} />}
      </Field>
      <label class="check">
        <input type="checkbox" checked={b.config().forcePathStyle} onChange={(e) => b.set('forcePathStyle')(e.currentTarget.checked)} /> Path-style
        addressing (MinIO and most self-hosted servers)
      </label>
      <Field label="Access key id" error={props.error('accessKeyId')}>
        {(c) => <input {...c} autocomplete="off" value={b.keyId()} onInput={(e) => b.setKeyId(e.currentTarget.value)} />}
      </Field>
      <Field label="Secret access key" error={props.error('secretAccessKey')}>
        {(c) => <input {...c} type="password" autocomplete="off" value={b.secret()} onInput={(e) => b.setSecret(e.currentTarget.value)} />}
      </Field>
      <Show when={props.test}>
        <div class="actions">
          <button type="button" onClick={test} disabled={testing()}>
            {testing() ? 'Testing…' : 'Test connection'}
          </button>
        </div>
        <Show when={result()}>{(r) => <ConnectionResultView result={r()} testId="sync-bucket-test-result" />}</Show>
      </Show>
    </>
  );
}
