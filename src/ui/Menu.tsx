import { createSignal, For, onCleanup, Show, createUniqueId } from 'solid-js';
import { Portal } from 'solid-js/web';
import './Menu.css';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
}

/**
 * A button that opens a menu (WAI-ARIA menu button): Enter, Space or ↓ open it on the first
 * item, ↑/↓/Home/End move, Escape closes and gives focus back to the button, Tab leaves it.
 * The list is drawn in a layer over the page (fixed, next to the button, upwards when there is
 * no room below), so a scrolling shelf or a grid row cannot clip it.
 */
export function Menu(props: { label: string; items: MenuItem[]; icon?: string }) {
  const [pos, setPos] = createSignal<{ left: number; top?: number; bottom?: number } | null>(null);
  const id = createUniqueId();
  let button!: HTMLButtonElement;
  let popup: HTMLDivElement | undefined;
  const open = () => pos() !== null;
  const items = () => [...(popup?.querySelectorAll<HTMLButtonElement>('[role=menuitem]') ?? [])];

  const onOutside = (e: Event) => {
    const t = e.target as Node;
    if (!button.contains(t) && !popup?.contains(t)) close(false);
  };
  /** Next to the button: below it, or above when there is no room below. */
  function place() {
    const r = button.getBoundingClientRect();
    const width = 224;
    const height = 40 * props.items.length + 12;
    const left = Math.max(8, Math.min(r.right - width, window.innerWidth - width - 8));
    const below = window.innerHeight - r.bottom;
    setPos(below < height + 8 && r.top > below ? { left, bottom: window.innerHeight - r.top + 4 } : { left, top: r.bottom + 4 });
  }
  // The list follows its button when something scrolls; once the button is out of view, it closes.
  const onScroll = () => {
    const r = button.getBoundingClientRect();
    if (!button.isConnected || r.bottom < 0 || r.top > window.innerHeight) close(false);
    else place();
  };

  function show(focus: 'first' | 'last' = 'first') {
    place();
    document.addEventListener('pointerdown', onOutside, true);
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onScroll);
    queueMicrotask(() => {
      const list = items();
      (focus === 'first' ? list[0] : list[list.length - 1])?.focus();
    });
  }
  function close(refocus: boolean) {
    if (!open()) return;
    setPos(null);
    document.removeEventListener('pointerdown', onOutside, true);
    window.removeEventListener('scroll', onScroll, true);
    window.removeEventListener('resize', onScroll);
    if (refocus) button.focus();
  }
  onCleanup(() => close(false));

  function onMenuKey(e: KeyboardEvent) {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    const move = (i: number) => {
      e.preventDefault();
      list[(i + list.length) % list.length]?.focus();
    };
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(list.length - 1);
    else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === 'Tab') {
      e.preventDefault();
      close(true);
    }
  }

  return (
    <>
      <button
        ref={button}
        type="button"
        class="icon-button"
        aria-label={props.label}
        aria-haspopup="menu"
        aria-expanded={open()}
        aria-controls={open() ? id : undefined}
        onClick={() => (open() ? close(false) : show())}
        onKeyDown={(e) => {
          if (!open() && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
            e.preventDefault();
            show(e.key === 'ArrowDown' ? 'first' : 'last');
          }
        }}
      >
        <span aria-hidden="true">{props.icon ?? '⋯'}</span>
      </button>
      <Show when={pos()}>
        {(p) => (
          <Portal>
            <div
              ref={popup}
              class="popup-menu"
              role="menu"
              id={id}
              aria-label={props.label}
              style={{ left: `${p().left}px`, top: p().top != null ? `${p().top}px` : undefined, bottom: p().bottom != null ? `${p().bottom}px` : undefined }}
              onKeyDown={onMenuKey}
            >
              <For each={props.items}>
                {(item) => (
                  <button
                    type="button"
                    role="menuitem"
                    tabIndex={-1}
                    classList={{ danger: !!item.danger }}
                    onClick={() => {
                      close(true);
                      item.onSelect();
                    }}
                  >
                    {item.label}
                  </button>
                )}
              </For>
            </div>
          </Portal>
        )}
      </Show>
    </>
  );
}
