import { For, type Accessor } from 'solid-js';
import { FONT_STEPS, type EpubTheme } from './epubLook';

export type EpubFlow = 'paginated' | 'scrolled';

/** The display settings popover: text size, theme, paginated or scrolled. */
export function EpubSettings(props: {
  fontStep: Accessor<number>;
  theme: Accessor<EpubTheme>;
  flow: Accessor<EpubFlow>;
  changeFont: (dir: 1 | -1) => void;
  chooseTheme: (t: EpubTheme) => void;
  chooseFlow: (f: EpubFlow) => void;
}) {
  return (
    <div class="epub-settings" role="dialog" aria-label="Display settings">
      <div class="setting-row">
        <span class="setting-label">Text size</span>
        <div class="tb-group">
          <button class="icon-btn" aria-label="Smaller text" disabled={props.fontStep() === 0} onClick={() => props.changeFont(-1)}>
            <span aria-hidden="true" class="a-small">A</span>
          </button>
          <output class="font-value" aria-label="Text size">
            {FONT_STEPS[props.fontStep()]} %
          </output>
          <button class="icon-btn" aria-label="Larger text" disabled={props.fontStep() === FONT_STEPS.length - 1} onClick={() => props.changeFont(1)}>
            <span aria-hidden="true" class="a-large">A</span>
          </button>
        </div>
      </div>
      <div class="setting-row">
        <span class="setting-label">Theme</span>
        <div class="theme-choices" role="radiogroup" aria-label="Theme">
          <For each={['light', 'sepia', 'dark'] as EpubTheme[]}>
            {(t) => (
              <button role="radio" class={`theme-swatch theme-${t}`} aria-checked={props.theme() === t} onClick={() => props.chooseTheme(t)}>
                {t[0]!.toUpperCase() + t.slice(1)}
              </button>
            )}
          </For>
        </div>
      </div>
      <div class="setting-row">
        <span class="setting-label">Layout</span>
        <div class="tb-group" role="radiogroup" aria-label="Layout">
          <button role="radio" class="text-btn" aria-checked={props.flow() === 'paginated'} onClick={() => props.chooseFlow('paginated')}>
            Paginated
          </button>
          <button role="radio" class="text-btn" aria-checked={props.flow() === 'scrolled'} onClick={() => props.chooseFlow('scrolled')}>
            Scrolled
          </button>
        </div>
      </div>
    </div>
  );
}
