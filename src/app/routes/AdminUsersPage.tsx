import { createSignal, For, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { isSessionEnded, refreshSession, session } from '../../data/auth';
import { onChanges } from '../../data/invalidation';
import { listUsers, setUserRole } from '../../data/users';
import type { Role, User } from '../../domain/types';
import { Modal } from '../../ui/Modal';
import { errorText } from '../formErrors';
import { AddUserForm } from '../users/AddUserForm';
import { DeleteUserForm } from '../users/DeleteUserForm';
import { ResetPasswordForm } from '../users/ResetPasswordForm';
import { isRoleRefusal, ROLE_LABEL } from '../users/userRoles';
import { NotAllowedPage } from './NotAllowedPage';
import '../accounts.css';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

type Notice = { kind: 'ok' | 'error'; text: string } | null;

type Dialog = 'add' | 'reset' | 'delete' | null;

/** /admin/users: who may sign in to this library, and with which role. */
export function AdminUsersPage() {
  const [users, setUsers] = createStore<User[]>([]);
  const [loaded, setLoaded] = createSignal(false);
  const [loadError, setLoadError] = createSignal('');
  const [forbidden, setForbidden] = createSignal(false);
  const [notice, setNotice] = createSignal<Notice>(null);
  const [dialog, setDialog] = createSignal<Dialog>(null);
  // Kept after a dialog closes, so its content never sees an absent user while it unmounts.
  const [target, setTarget] = createSignal<User>({} as User);
  const open = (kind: Dialog, u?: User) => {
    setNotice(null);
    if (u) setTarget(u);
    setDialog(kind);
  };
  const me = () => session()?.user.id;

  const closeDialog = () => setDialog(null);
  /** A dialog's work is done: close it and say what happened. */
  function finished(text: string, reload: boolean) {
    setDialog(null);
    setNotice({ kind: 'ok', text });
    if (reload) void load();
  }

  /** The worker said this session is not an admin's (any more): show that, and update the menu. */
  function refused(e: unknown) {
    setDialog(null);
    if (isRoleRefusal(e)) {
      setForbidden(true);
      void refreshSession().catch(() => {});
    }
  }

  async function load() {
    try {
      // Keyed by id, so rows (and the focus in them) survive a reload of the list.
      setUsers(reconcile(await listUsers(), { key: 'id' }));
      setLoadError('');
    } catch (e) {
      if (isSessionEnded(e) || isRoleRefusal(e)) return refused(e);
      setLoadError(errorText(e));
    } finally {
      setLoaded(true);
    }
  }

  onMount(() => {
    void load();
    // Another tab (or this one) added, removed or changed someone.
    onCleanup(onChanges(['users'], () => void load()));
  });

  async function changeRole(u: User, role: Role, select: HTMLSelectElement) {
    setNotice(null);
    try {
      await setUserRole(u.id, role);
      setNotice({ kind: 'ok', text: `${u.displayName} is now ${role === 'admin' ? 'an administrator' : 'a reader'}.` });
      if (u.id === me()) await refreshSession();
      await load();
    } catch (e) {
      select.value = u.role;
      if (isSessionEnded(e) || isRoleRefusal(e)) return refused(e);
      setNotice({ kind: 'error', text: errorText(e) });
    }
  }

  return (
    <Switch>
      <Match when={forbidden()}>
        <NotAllowedPage />
      </Match>
      <Match when={true}>
        <section class="page users-page" aria-labelledby="users-title">
          <div class="page-header">
            <h1 id="users-title">Users</h1>
            <button
              type="button"
              class="primary"
              onClick={() => open('add')}
            >
              Add user
            </button>
          </div>
          <p class="muted users-intro">
            Everyone here shares the books; each keeps their own reading progress and collections. Administrators also manage the
            library and the users. Nobody can delete their own account, and the last administrator stays an administrator.
          </p>

          <div class="notice-area">
            <Show when={notice()?.kind === 'ok'}>
              <p class="notice ok" role="status">
                {notice()!.text}
              </p>
            </Show>
            <Show when={notice()?.kind === 'error'}>
              <p class="notice error" role="alert">
                {notice()!.text}
              </p>
            </Show>
          </div>

          <Show when={loadError()}>
            <div class="notice error" role="alert">
              <p>The users could not be loaded: {loadError()}</p>
              <button type="button" onClick={() => void load()}>
                Try again
              </button>
            </div>
          </Show>

          <Show when={loaded()} fallback={<p class="muted">Loading users…</p>}>
            <table class="data users-table">
              <caption class="visually-hidden">Users of this library</caption>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Display name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={users}>
                  {(u) => (
                    <tr data-testid="user-row" data-email={u.email}>
                      <td data-label="Email" class="user-email">
                        {u.email}
                      </td>
                      <td data-label="Display name">
                        <span>
                          {u.displayName}
                          <Show when={u.id === me()}>
                            {' '}
                            <span class="you-badge">You</span>
                          </Show>
                        </span>
                      </td>
                      <td data-label="Role">
                        <select
                          class="role-select"
                          aria-label={`Role of ${u.email}`}
                          value={u.role}
                          onChange={(e) => void changeRole(u, e.currentTarget.value as Role, e.currentTarget)}
                        >
                          <option value="user">{ROLE_LABEL.user}</option>
                          <option value="admin">{ROLE_LABEL.admin}</option>
                        </select>
                      </td>
                      <td data-label="Created">
                        <time datetime={new Date(u.createdAt * 1000).toISOString()}>{dateFormat.format(new Date(u.createdAt * 1000))}</time>
                      </td>
                      <td class="row-actions">
                        <Show
                          when={u.id !== me()}
                          fallback={
                            <span class="muted self-note" title="Nobody can delete their own account. Change your password in Account settings.">
                              This is you
                            </span>
                          }
                        >
                          <button
                            type="button"
                            aria-label={`Reset password of ${u.email}`}
                            onClick={() => open('reset', u)}
                          >
                            Reset password
                          </button>
                          <button
                            type="button"
                            class="danger"
                            aria-label={`Delete ${u.email}`}
                            onClick={() => open('delete', u)}
                          >
                            Delete
                          </button>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>

          <Modal open={dialog() === 'add'} title="Add user" onClose={closeDialog}>
            <AddUserForm
              onCancel={closeDialog}
              onRefused={refused}
              onDone={(u) => finished(`${u.displayName} (${u.email}) was added as ${u.role === 'admin' ? 'an administrator' : 'a reader'}.`, true)}
            />
          </Modal>
          <Modal
            open={dialog() === 'reset'}
            title={`Reset password of ${target().displayName}`}
            onClose={closeDialog}
          >
            <ResetPasswordForm
              user={target()}
              onCancel={closeDialog}
              onRefused={refused}
              onDone={() => finished(`The password of ${target().displayName} was reset. Give them the new one.`, false)}
            />
          </Modal>
          <Modal
            open={dialog() === 'delete'}
            title={`Delete ${target().displayName}?`}
            describedBy="delete-user-desc"
            onClose={closeDialog}
          >
            <DeleteUserForm
              user={target()}
              onCancel={closeDialog}
              onRefused={refused}
              onDone={() => finished(`${target().displayName} (${target().email}) was deleted.`, true)}
            />
          </Modal>
        </section>
      </Match>
    </Switch>
  );
}
