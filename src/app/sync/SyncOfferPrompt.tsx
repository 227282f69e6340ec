import { createResource, createSignal, Show } from 'solid-js';
import { api } from '../../data/sessionClient';
import { saveProgress } from '../../data/progress';
import type { SyncOfferView } from '../../db/api/sync';
import './sync.css';

function where(o: SyncOfferView): string {
  if (o.currentPage != null) return `page ${o.currentPage}`;
  return `${Math.round(o.percentComplete)} %`;
}

/**
 * "Go to page 12 from another device?": another device's reading position well behind this
 * one's is offered, never forced (sync's merge rule). Accepting saves it as this reader's
 * position, and `onMoved` reopens the reader there.
 */
export function SyncOfferPrompt(props: { bookId: string; onMoved: () => void }) {
  const [offer] = createResource(() => props.bookId, (id) => api.getSyncOffer(id).catch(() => null));
  const [closed, setClosed] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const decide = async (o: SyncOfferView, go: boolean) => {
    setBusy(true);
    try {
      await api.dismissSyncOffer(props.bookId);
      if (go) await saveProgress(props.bookId, { currentPage: o.currentPage, totalPages: o.totalPages, epubLocation: o.epubLocation, percent: o.percentComplete });
      setClosed(true);
      if (go) props.onMoved();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show when={!closed() && offer()}>
      {(o) => (
        <div class="sync-offer-prompt" role="alertdialog" aria-labelledby="sync-offer-q" data-testid="sync-offer">
          <p id="sync-offer-q">Go to {where(o())} from another device?</p>
          <div class="actions">
            <button class="primary" disabled={busy()} onClick={() => void decide(o(), true)}>
              Go to {where(o())}
            </button>
            <button disabled={busy()} onClick={() => void decide(o(), false)}>
              Stay here
            </button>
          </div>
        </div>
      )}
    </Show>
  );
}
