import { A } from '@solidjs/router';
import { createResource, Match, Show, Switch, type JSX } from 'solid-js';
import type { BookCard } from '../../domain/library';
import { BookCover } from '../../ui/BookCover';
import { coverUrl, peekCoverUrl } from '../../data/covers';
import { offlineIds } from '../../storage/offlineCopies';
import { warmReader } from '../../readers/warmReader';

export const FORMAT_BADGE = { pdf: 'PDF', epub: 'EPUB' } as const;

/**
 * One book in the grid or on a shelf: a link to the reader (its accessible name is the title and
 * author), then the format, progress and the card's menu outside the link.
 */
export function BookCardView(props: { book: BookCard; href: string; menu?: JSX.Element; shelf?: boolean }) {
  const [cover] = createResource(
    () => props.book.coverPath,
    (path) => coverUrl(path),
    // A card re-created for the same book paints its cover at once, without a placeholder flash.
    { initialValue: props.book.coverPath ? peekCoverUrl(props.book.coverPath) : null },
  );
  const percent = () => Math.round(props.book.percent);
  return (
    <article class="book-card" classList={{ 'on-shelf': !!props.shelf, 'not-on-device': props.book.onDevice === false }} data-book-id={props.book.id}>
      <A href={props.href} class="book-link" onPointerEnter={() => warmReader(props.book.fileType)} onFocus={() => warmReader(props.book.fileType)}>
        <BookCover title={props.book.title} author={props.book.author} url={props.book.coverPath ? cover() : null} />
        <span class="book-title" title={props.book.title}>
          {props.book.title}
        </span>
        <span class="book-author">{props.book.author ?? 'Unknown author'}</span>
      </A>
      {/* Outside the link, so the link's name stays the title and author; drawn over the cover's foot. */}
      <Show when={props.book.status === 'reading'}>
        <span
          class="cover-progress"
          role="progressbar"
          aria-label={`Progress in ${props.book.title}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent()}
        >
          <span class="progress-fill" style={{ width: `${Math.max(2, percent())}%` }} />
        </span>
      </Show>
      <div class="book-meta">
        <span class="format-badge" data-format={props.book.fileType}>
          {FORMAT_BADGE[props.book.fileType]}
        </span>
        <Show when={props.book.onDevice === false}>
          <span class="not-here-badge" title="Added on another device; this device's books folder does not have the file">
            Not on this device
          </span>
        </Show>
        <Show when={offlineIds().has(props.book.id)}>
          <span class="offline-badge" title="Downloaded for offline reading" aria-label="Downloaded for offline reading">
            <span aria-hidden="true">⤓</span> Offline
          </span>
        </Show>
        <Switch>
          <Match when={props.book.status === 'completed'}>
            <span class="book-done" title="Finished">
              <span aria-hidden="true">✓ </span>
              <span>Read</span>
            </span>
          </Match>
          <Match when={props.book.status === 'reading'}>
            <span class="progress-text" aria-hidden="true">
              {percent()}%
            </span>
          </Match>
        </Switch>
        <Show when={props.menu}>
          <span class="book-menu">{props.menu}</span>
        </Show>
      </div>
    </article>
  );
}
