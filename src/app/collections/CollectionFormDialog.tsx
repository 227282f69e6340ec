import { createSignal, Show } from 'solid-js';
import { Modal } from '../../ui/Modal';
import { Field } from '../../ui/Field';
import { MAX_COLLECTION_DESCRIPTION, MAX_COLLECTION_NAME } from '../../domain/collections';
import { isAppError } from '../../domain/errors';

/** "New collection" and "Edit collection": a name (required, ≤ 100 characters) and a description. */
export function CollectionFormDialog(props: {
  open: boolean;
  title: string;
  submitLabel: string;
  initial?: { name: string; description: string | null };
  onSubmit: (name: string, description: string | null) => Promise<unknown>;
  onClose: () => void;
}) {
  return (
    <Modal open={props.open} title={props.title} onClose={props.onClose}>
      <CollectionForm {...props} />
    </Modal>
  );
}

function CollectionForm(props: {
  submitLabel: string;
  initial?: { name: string; description: string | null };
  onSubmit: (name: string, description: string | null) => Promise<unknown>;
  onClose: () => void;
}) {
  const [name, setName] = createSignal(props.initial?.name ?? '');
  const [description, setDescription] = createSignal(props.initial?.description ?? '');
  const [nameError, setNameError] = createSignal('');
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setNameError('');
    setError('');
    const n = name().trim();
    if (!n) return setNameError('A name is required.');
    if (n.length > MAX_COLLECTION_NAME) return setNameError(`The name must be at most ${MAX_COLLECTION_NAME} characters long.`);
    setBusy(true);
    try {
      await props.onSubmit(n, description().trim() || null);
      props.onClose();
    } catch (err) {
      if (isAppError(err, 'INVALID_INPUT') && err.details?.field === 'name') setNameError(err.message);
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="collection-form" onSubmit={submit} novalidate>
      <Field label="Name" error={nameError()} hint={`Up to ${MAX_COLLECTION_NAME} characters.`}>
        {(c) => <input {...c} autofocus maxLength={MAX_COLLECTION_NAME + 20} value={name()} onInput={(e) => setName(e.currentTarget.value)} />}
      </Field>
      <Field label="Description" hint="Optional.">
        {(c) => (
          <textarea {...c} rows={4} maxLength={MAX_COLLECTION_DESCRIPTION} value={description()} onInput={(e) => setDescription(e.currentTarget.value)} />
        )}
      </Field>
      <Show when={error()}>
        <p class="form-error" role="alert">
          {error()}
        </p>
      </Show>
      <div class="modal-actions">
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
        <button type="submit" class="primary" disabled={busy()}>
          {props.submitLabel}
        </button>
      </div>
    </form>
  );
}
