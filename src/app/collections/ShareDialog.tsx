import { createSignal, Show } from 'solid-js';
import { lazyPart } from '../../ui/lazyPart';
import { NotLoaded } from '../../ui/NotLoaded';
import { Modal } from '../../ui/Modal';
import { shareUrl } from '../../domain/shareToken';
import { FormMessages } from '../../ui/FormMessages';

// The bucket part (and the AWS SDK behind it) loads only when the dialog opens.
const PublishPanel = lazyPart(() => import('../../publish/PublishPanel'), () => <NotLoaded shape="inline" />);

/**
 * The collection's link: copy it, replace it with a new one, or stop sharing. It opens the
 * name, description and books for reading without signing in, but only in the browser profile
 * that holds the library (nothing is published anywhere yet), and the dialog says so plainly.
 */
export function ShareDialog(props: {
  open: boolean;
  name: string;
  shareToken: string | null;
  /** The collection, for publishing it to the bucket (src/publish/). */
  collection?: { id: string; name: string; description: string | null };
  onShare: () => Promise<unknown>;
  onStop: () => Promise<unknown>;
  onClose: () => void;
}) {
  const [copied, setCopied] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const [publishedLink, setPublishedLink] = createSignal<string | null>(null);
  const link = () => (props.shareToken ? (publishedLink() ?? shareUrl(location.origin, props.shareToken)) : '');
  let input!: HTMLInputElement;

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError('');
    setCopied(false);
    try {
      await fn();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  async function copy() {
    try {
      await navigator.clipboard.writeText(link());
    } catch {
      // No clipboard permission (or an insecure origin): select it for Ctrl+C.
      input.select();
      document.execCommand?.('copy');
    }
    setCopied(true);
  }

  return (
    <Modal open={props.open} title={`Share “${props.name}”`} onClose={props.onClose}>
      <Show
        when={props.shareToken}
        fallback={
          <>
            <p>This collection is not shared. A link opens its name, description and books for reading, without signing in. Your name is never shown.</p>
            <ProfileOnly />
            <div class="modal-actions">
              <button onClick={props.onClose}>Cancel</button>
              <button class="primary" disabled={busy()} onClick={() => run(props.onShare)}>
                Create link
              </button>
            </div>
          </>
        }
      >
        <p>This link opens the name, description and books of this collection for reading, without signing in. Your name is not shown.</p>
        <ProfileOnly />
        <label class="share-link">
          <span>Share link</span>
          <span class="share-row">
            <input ref={input} readOnly value={link()} onFocus={(e) => e.currentTarget.select()} />
            <button class="primary" onClick={copy}>
              {copied() ? 'Copied' : 'Copy link'}
            </button>
          </span>
        </label>
        <p class="muted small" role="status">
          {copied() ? 'The link is on your clipboard.' : 'New link replaces this link: the old one stops working.'}
        </p>
        <div class="modal-actions share-actions">
          <button class="danger" disabled={busy()} onClick={() => run(props.onStop)}>
            Stop sharing
          </button>
          <button disabled={busy()} onClick={() => run(props.onShare)} title="The current link stops working">
            New link
          </button>
          <button onClick={props.onClose}>Done</button>
        </div>
      </Show>
      <FormMessages error={error()} />
      <Show when={props.collection}>
        {(c) => (
          <PublishPanel
            collection={c()}
            onLink={setPublishedLink}
            ensureToken={async () => {
              if (!props.shareToken) await props.onShare();
              return props.shareToken!;
            }}
          />
        )}
      </Show>
    </Modal>
  );
}

/** Until links are published somewhere others can reach, they only work where the library is. */
function ProfileOnly() {
  return (
    <p class="share-scope" data-testid="share-scope">
      <strong>The link works only in this browser profile</strong>, where this library is kept. Someone on another computer, phone or browser, or
      in another profile, cannot open it.
    </p>
  );
}
