import { A, useNavigate, useParams } from '@solidjs/router';
import { createResource, createSignal, Match, onCleanup, Show, Switch } from 'solid-js';
import { deleteCollection, getCollection, setBookInCollection, shareCollection, stopSharing, updateCollection } from '../../data/collections';
import { onChanges } from '../../data/invalidation';
import { isAppError } from '../../domain/errors';
import { Modal } from '../../ui/Modal';
import { LibraryView } from '../library/LibraryView';
import { noun, plural } from '../../ui/plural';
import { CollectionFormDialog } from './CollectionFormDialog';
import { ShareDialog } from './ShareDialog';
import './collections.css';
import { FormMessages } from '../../ui/FormMessages';

const publishing = () => import('../../publish/publishing');

/** /collections/:id: one of the user's collections, its shelf and grid, and its share link. */
export function CollectionPage() {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const [collection, { refetch, mutate }] = createResource(() => params.id, getCollection);
  onCleanup(onChanges(['collections', 'collection_books'], () => void refetch()));
  const [editing, setEditing] = createSignal(false);
  const [deleting, setDeleting] = createSignal(false);
  const [sharing, setSharing] = createSignal(false);
  const [error, setError] = createSignal('');

  const share = async () => {
    const c = collection()!;
    if (!c.shareToken) {
      const { shareToken } = await shareCollection(c.id);
      mutate({ ...c, shareToken });
    }
    setSharing(true);
  };

  return (
    <section class="page collection-page">
      <Switch>
        <Match when={collection.error}>
          <div class="empty-state">
            <p class="empty-title">{isAppError(collection.error, 'NOT_FOUND') ? 'This collection does not exist.' : String(collection.error?.message)}</p>
            <A href="/collections">Back to your collections</A>
          </div>
        </Match>
        <Match when={collection.latest}>
          {(c) => (
            <>
              <nav class="breadcrumb" aria-label="Breadcrumb">
                <A href="/collections">Collections</A>
              </nav>
              <header class="collection-head">
                <div class="collection-head-text">
                  <h1>{c().name}</h1>
                  <Show when={c().description}>
                    <p class="collection-description-full">{c().description}</p>
                  </Show>
                  <p class="muted collection-meta">
                    {plural(c().bookCount, 'book')}
                    <Show when={c().shareToken}> · Shared by link</Show>
                  </p>
                </div>
                <div class="collection-actions">
                  <button class="primary" onClick={() => share().catch((e) => setError(e.message))}>
                    Share
                  </button>
                  <button onClick={() => setEditing(true)}>Edit</button>
                  <button class="danger" onClick={() => setDeleting(true)}>
                    Delete
                  </button>
                </div>
              </header>
              <FormMessages error={error()} />
              <LibraryView
                collectionId={c().id}
                cardItems={(book) => [
                  {
                    label: 'Remove from collection',
                    danger: true,
                    onSelect: () => void setBookInCollection(c().id, book.id, false).catch((e) => setError(e.message)),
                  },
                ]}
                emptyCollection={
                  <div class="empty-state">
                    <p class="empty-title">This collection is empty.</p>
                    <p>
                      In the <A href="/library">library</A>, open a book’s menu and choose “Add to collection…”.
                    </p>
                  </div>
                }
              />
              <CollectionFormDialog
                open={editing()}
                title="Edit collection"
                submitLabel="Save"
                initial={{ name: c().name, description: c().description }}
                onSubmit={async (name, description) => mutate(await updateCollection(c().id, { name, description }))}
                onClose={() => setEditing(false)}
              />
              <ShareDialog
                open={sharing()}
                name={c().name}
                shareToken={c().shareToken}
                collection={c()}
                onShare={async () => {
                  const { shareToken } = await shareCollection(c().id);
                  mutate({ ...c(), shareToken });
                  await (await publishing()).republishForNewLink(c(), shareToken);
                }}
                onStop={async () => {
                  await (await publishing()).unpublish(c().id);
                  await stopSharing(c().id);
                  mutate({ ...c(), shareToken: null, sharedAt: null });
                }}
                onClose={() => setSharing(false)}
              />
              <Modal open={deleting()} title={`Delete “${c().name}”?`} onClose={() => setDeleting(false)}>
                <p>The collection and its share link go away. Its {plural(c().bookCount, 'book')} {noun(c().bookCount, 'stays', 'stay')} in your library.</p>
                <div class="modal-actions">
                  <button onClick={() => setDeleting(false)}>Cancel</button>
                  <button
                    class="danger-solid"
                    onClick={async () => {
                      try {
                        await deleteCollection(c().id);
                        navigate('/collections', { replace: true });
                      } catch (e) {
                        setDeleting(false);
                        setError(e instanceof Error ? e.message : String(e));
                      }
                    }}
                  >
                    Delete collection
                  </button>
                </div>
              </Modal>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
