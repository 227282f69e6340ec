import { createSignal } from 'solid-js';
import { importFiles } from '../../ingest/localSync';
import { filesFromDrop, filesFromInput, type PickedFile } from './collectFiles';
import './ingest.css';
import { FormMessages } from '../../ui/FormMessages';

async function run(files: PickedFile[], setError: (s: string) => void) {
  if (!files.length) {
    setError('No PDF or EPUB files in what you chose.');
    return;
  }
  setError('');
  try {
    const r = await importFiles(files);
    if (r === 'busy') setError('A scan is running; try again when it has finished.');
  } catch (e) {
    setError(e instanceof Error ? e.message : String(e));
  }
}

/**
 * Folder import for browsers without a folder picker: the books are copied into this
 * browser's storage. Importing the same folder again adds only what is new.
 */
export function ImportFolderButton(props: { label?: string; primary?: boolean }) {
  const [error, setError] = createSignal('');
  return (
    <span class="import-button">
      <label class={props.primary ? 'button primary' : 'button'}>
        <input
          type="file"
          webkitdirectory
          multiple
          class="import-input"
          aria-label={props.label ?? 'Import a folder'}
          onChange={(e) => {
            const files = filesFromInput(e.currentTarget.files);
            e.currentTarget.value = '';
            void run(files, setError);
          }}
        />
        {props.label ?? 'Import a folder'}
      </label>
      <FormMessages error={error()} inline />
    </span>
  );
}

/** A drop target for folders (or loose book files) to import. */
export function ImportDropZone() {
  const [over, setOver] = createSignal(false);
  const [error, setError] = createSignal('');
  return (
    <div
      class="drop-zone"
      classList={{ over: over() }}
      data-testid="drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={async (e) => {
        e.preventDefault();
        setOver(false);
        if (e.dataTransfer) await run(await filesFromDrop(e.dataTransfer), setError);
      }}
    >
      <p>Or drop a folder of books here.</p>
      <FormMessages error={error()} />
    </div>
  );
}
