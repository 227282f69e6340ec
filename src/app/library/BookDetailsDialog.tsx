import { createResource, For, Match, Show, Switch } from 'solid-js';
import { Modal } from '../../ui/Modal';
import { bookDetails } from '../../data/library';
import { countAnnotations } from '../../data/annotations';
import { FORMAT_BADGE } from './BookCardView';
import { formatBytes, formatDate } from './format';
import { ModalClose } from '../../ui/FormActions';

const STATUS = { not_started: 'Not started', reading: 'Reading', completed: 'Finished' } as const;

/** Everything known about a book, as text (metadata comes from files: never HTML). */
export function BookDetailsDialog(props: { bookId: string | null; onClose: () => void }) {
  const [details] = createResource(() => props.bookId, bookDetails);
  const [annotations] = createResource(() => props.bookId, countAnnotations);
  return (
    <Modal open={!!props.bookId} title="Book details" onClose={props.onClose}>
      <Switch>
        <Match when={details.error}>
          <p class="form-error" role="alert">
            {details.error?.message ?? 'The details could not be read.'}
          </p>
        </Match>
        <Match when={details()}>
          {(d) => (
            <dl class="details-list">
              <dt>Title</dt>
              <dd>{d().book.title}</dd>
              <dt>Author</dt>
              <dd>{d().book.author ?? '—'}</dd>
              <Show when={d().book.description}>
                <dt>Description</dt>
                <dd class="details-description">{d().book.description}</dd>
              </Show>
              <dt>Format</dt>
              <dd>
                {FORMAT_BADGE[d().book.fileType]}
                <Show when={d().book.pageCount}>{(n) => `, ${n()} pages`}</Show>
              </dd>
              <dt>File</dt>
              <dd class="details-path">{d().book.filePath}</dd>
              <dt>Size</dt>
              <dd>{formatBytes(d().book.fileSize)}</dd>
              <dt>Source</dt>
              <dd>{d().book.source === 's3' ? `S3 bucket ${d().book.s3Bucket ?? ''}`.trim() : d().book.onDevice === false ? 'Another device’s folder (not on this device)' : 'Local folder'}</dd>
              <dt>Added</dt>
              <dd>{formatDate(d().book.addedAt)}</dd>
              <dt>Updated</dt>
              <dd>{formatDate(d().book.updatedAt)}</dd>
              <dt>Your progress</dt>
              <dd>
                {STATUS[d().progress?.status ?? 'not_started']}
                <Show when={d().progress?.status === 'reading'}>{`, ${Math.round(d().progress!.percentComplete)}%`}</Show>
                <Show when={d().progress?.lastReadAt}>{(t) => ` · last read ${formatDate(t())}`}</Show>
              </dd>
              <Show when={annotations() !== undefined}>
                <dt>Your annotations</dt>
                <dd data-testid="annotation-count">{annotations() === 0 ? 'None' : annotations()}</dd>
              </Show>
              <Show when={d().collections.length}>
                <dt>In your collections</dt>
                <dd>
                  <For each={d().collections}>{(c, i) => <>{i() ? ', ' : ''}{c.name}</>}</For>
                </dd>
              </Show>
              <dt>Content hash</dt>
              <dd class="details-path">{d().book.fileHash}</dd>
            </dl>
          )}
        </Match>
        <Match when={details.loading}>
          <p class="muted">Loading…</p>
        </Match>
      </Switch>
      <ModalClose onClose={props.onClose} />
    </Modal>
  );
}
