import { Icon } from '../icons';

/** Toolbar buttons of both readers: open the Annotations panel, and bookmark the current place. */
export function AnnotationButtons(props: { panelOpen: boolean; togglePanel: () => void; bookmarked: boolean; toggleBookmark: () => void; ready: boolean }) {
  return (
    <>
      <button
        class="icon-btn"
        aria-label="Annotations"
        title="Highlights and bookmarks"
        aria-pressed={props.panelOpen}
        // Only while the panel exists: a reference to a missing element is an invalid value.
        aria-controls={props.panelOpen ? 'reader-annotations' : undefined}
        onClick={() => props.togglePanel()}
      >
        <Icon name="annotations" />
      </button>
      <button
        class="icon-btn"
        aria-label="Add bookmark"
        title={props.bookmarked ? 'Remove the bookmark' : 'Bookmark this place'}
        aria-pressed={props.bookmarked}
        disabled={!props.ready}
        onClick={() => props.toggleBookmark()}
      >
        <Icon name="bookmark" fill={props.bookmarked ? 'currentColor' : 'none'} />
      </button>
    </>
  );
}
