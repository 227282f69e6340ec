import { Show } from 'solid-js';
import { paletteFor } from './placeholderPalette';
import './BookCover.css';

/**
 * A book's cover: the thumbnail when there is one, else a typographic placeholder drawn from the
 * title and author. Text is rendered as text, never as HTML. Decorative for assistive technology:
 * the card around it names the book.
 */
export function BookCover(props: { title: string; author: string | null; url?: string | null; fileType?: string }) {
  const palette = () => paletteFor(props.title, props.author);
  return (
    <div class="book-cover" aria-hidden="true">
      <Show
        when={props.url}
        fallback={
          <div
            class="cover-placeholder"
            style={{ '--ph-bg': palette().bg, '--ph-ink': palette().ink, '--ph-rule': palette().rule }}
          >
            <span class="ph-title">{props.title}</span>
            <span class="ph-rule" />
            <Show when={props.author}>
              <span class="ph-author">{props.author}</span>
            </Show>
          </div>
        }
      >
        <img src={props.url!} alt="" loading="lazy" decoding="async" draggable={false} />
      </Show>
    </div>
  );
}
