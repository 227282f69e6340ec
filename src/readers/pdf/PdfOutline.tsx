import { For, Show } from 'solid-js';

export interface OutlineNode {
  title: string;
  dest: string | unknown[] | null;
  url: string | null;
  items: OutlineNode[];
}

/** The document's outline (bookmarks), nested as pdf.js gives it. */
export function OutlineList(props: { items: OutlineNode[]; onPick: (item: OutlineNode) => void }) {
  return (
    <ul class="toc-list">
      <For each={props.items}>
        {(item) => (
          <li>
            <button class="toc-item" onClick={() => props.onPick(item)} title={item.title}>
              {item.title}
            </button>
            <Show when={item.items?.length}>
              <OutlineList items={item.items} onPick={props.onPick} />
            </Show>
          </li>
        )}
      </For>
    </ul>
  );
}
