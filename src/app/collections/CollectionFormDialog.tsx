import { createSignal } from 'solid-js';
import { Modal } from '../../ui/Modal';
import { Field } from '../../ui/Field';
import { MAX_COLLECTION_DESCRIPTION, MAX_COLLECTION_NAME } from '../../domain/collections';
import { createForm } from '../createForm';
import { FormMessages } from '../../ui/FormMessages';
import { ModalActions } from '../../ui/FormActions';

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
  const form = createForm();
  const submit = form.submit(
    async () => {
      await props.onSubmit(name().trim(), description().trim() || null);
      props.onClose();
    },
    () => {
      const n = name().trim();
      if (!n) return { name: 'A name is required.' };
      if (n.length > MAX_COLLECTION_NAME) return { name: `The name must be at most ${MAX_COLLECTION_NAME} characters long.` };
      return null;
    },
  );

  return (
    <form class="collection-form" onSubmit={submit} novalidate>
      <Field label="Name" error={form.field('name')} hint={`Up to ${MAX_COLLECTION_NAME} characters.`}>
        {(c) => <input {...c} autofocus maxLength={MAX_COLLECTION_NAME + 20} value={name()} onInput={(e) => setName(e.currentTarget.value)} />}
      </Field>
      <Field label="Description" hint="Optional.">
        {(c) => (
          <textarea {...c} rows={4} maxLength={MAX_COLLECTION_DESCRIPTION} value={description()} onInput={(e) => setDescription(e.currentTarget.value)} />
        )}
      </Field>
      <FormMessages error={form.error()} />
      <ModalActions onCancel={props.onClose} label={props.submitLabel} busy={form.busy()} />
    </form>
  );
}
