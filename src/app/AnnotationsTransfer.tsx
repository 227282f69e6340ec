import { createSignal } from 'solid-js';
import { downloadBlob, exportAnnotationsFile, importAnnotationsFile, type AnnotationFormat } from '../data/annotations';
import { FormMessages } from '../ui/FormMessages';
import { plural } from '../ui/plural';

function summaryText(s: { added: number; updated: number; unchanged: number; skipped: { text: string; reason: string }[] }): string {
  const parts = [`${s.added} added`, `${s.updated} updated`, `${s.unchanged} already here`];
  if (s.skipped.length) parts.push(`${s.skipped.length} skipped (${s.skipped[0]!.reason})`);
  return `Import done: ${parts.join(', ')}.`;
}

/**
 * "Export annotations" (Markdown or Web Annotation JSON) and "Import annotations", for one book
 * (bookId) or the whole library of the signed-in user (null).
 */
export function AnnotationsTransfer(props: { bookId: string | null; onImported?: () => void }) {
  const [message, setMessage] = createSignal('');
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  let input: HTMLInputElement | undefined;

  async function run(fn: () => Promise<string>) {
    setMessage('');
    setError('');
    setBusy(true);
    try {
      setMessage(await fn());
    } catch (e) {
      setError((e as Error).message || 'That did not work.');
    } finally {
      setBusy(false);
    }
  }

  const exportAs = (format: AnnotationFormat) =>
    run(async () => {
      const { blob, name, count } = await exportAnnotationsFile(props.bookId, format);
      downloadBlob(blob, name);
      return `Exported ${plural(count, 'annotation')}.`;
    });

  return (
    <div class="annotations-transfer">
      <div class="form-actions">
        <button type="button" disabled={busy()} onClick={() => exportAs('markdown')}>
          Export annotations (Markdown)
        </button>
        <button type="button" disabled={busy()} onClick={() => exportAs('json')}>
          Export annotations (JSON)
        </button>
        <button type="button" disabled={busy()} onClick={() => input?.click()}>
          Import annotations
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,.jsonld,application/json,application/ld+json"
          hidden
          data-testid="import-annotations-file"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file)
              void run(async () => {
                const s = await importAnnotationsFile(file);
                props.onImported?.();
                return summaryText(s);
              });
          }}
        />
      </div>
      <FormMessages error={error()} />
      <FormMessages saved={message()} />
    </div>
  );
}

/** Settings card: the whole library's annotations of the signed-in user. */
export function AnnotationsCard() {
  return (
    <section class="card settings-card" aria-labelledby="annotations-title">
      <h2 id="annotations-title">Annotations</h2>
      <p class="muted">Your highlights, notes and bookmarks in every book: Markdown to read, JSON (W3C Web Annotation) to bring them back here or into another reader.</p>
      <AnnotationsTransfer bookId={null} />
    </section>
  );
}
