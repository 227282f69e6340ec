import { createResource, createSignal, For, Show } from 'solid-js';
import { Modal } from '../../ui/Modal';
import { collectionChoices, createCollection, setBookInCollection } from '../../data/collections';
import type { CollectionChoice } from '../../domain/collections';
import { MAX_COLLECTION_NAME } from '../../domain/collections';
import { FormMessages } from '../../ui/FormMessages';
import { ModalClose } from '../../ui/FormActions';

/**
 * "Add to collection…": the user's collections as a checklist. Ticking adds the book at once,
 * unticking removes it (each box shows the change right away and goes back if the worker refuses).
 * A new collection can be made here and gets the book.
 */
export function AddToCollectionDialog(props: { book: { id: string; title: string } | null; onClose: () => void }) {
  const [choices, { mutate, refetch }] = createResource(() => props.book?.id, collectionChoices);
  const [error, setError] = createSignal('');
  const [name, setName] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  async function toggle(c: CollectionChoice, member: boolean) {
    setError('');
    mutate((list) => list?.map((x) => (x.id === c.id ? { ...x, member } : x)));
    try {
      await setBookInCollection(c.id, props.book!.id, member);
    } catch (e) {
      mutate((list) => list?.map((x) => (x.id === c.id ? { ...x, member: !member } : x)));
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function create(e: SubmitEvent) {
    e.preventDefault();
    if (!name().trim()) return;
    setBusy(true);
    setError('');
    try {
      const c = await createCollection(name(), null);
      await setBookInCollection(c.id, props.book!.id, true);
      setName('');
      await refetch();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={!!props.book} title="Add to collection" onClose={props.onClose}>
      <p class="muted dialog-subject">{props.book?.title}</p>
      <Show when={choices()?.length} fallback={<Show when={!choices.loading}><p class="muted">You have no collections yet. Make one below.</p></Show>}>
        <fieldset class="checklist">
          <legend class="visually-hidden">Your collections</legend>
          <For each={choices()}>
            {(c) => (
              <label class="check">
                <input type="checkbox" checked={c.member} onChange={(e) => void toggle(c, e.currentTarget.checked)} />
                <span>{c.name}</span>
              </label>
            )}
          </For>
        </fieldset>
      </Show>
      <form class="inline-create" onSubmit={create}>
        <label class="visually-hidden" for="new-collection-inline">
          New collection name
        </label>
        <input id="new-collection-inline" placeholder="New collection name" maxLength={MAX_COLLECTION_NAME} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit" disabled={busy() || !name().trim()}>
          Create and add
        </button>
      </form>
      <FormMessages error={error()} />
      <ModalClose onClose={props.onClose} label="Done" />
    </Modal>
  );
}
