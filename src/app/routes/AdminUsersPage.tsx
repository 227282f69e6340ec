import { createSignal, For, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { handleAuthError, refreshSession, session } from '../../data/auth';
import { createUser, deleteUser, listUsers, onTablesChanged, resetUserPassword, setUserRole } from '../../data/users';
import { isAppError } from '../../domain/errors';
import type { Role, User } from '../../domain/types';
import { MIN_PASSWORD_LENGTH } from '../../domain/validation';
import { Field } from '../../ui/Field';
import { Modal } from '../../ui/Modal';
import { errorText, formErrors } from '../formErrors';
import { NotAllowedPage } from './NotAllowedPage';
import '../accounts.css';

const ROLE_LABEL: Record<Role, string> = { admin: 'Administrator', user: 'Reader' };
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** A refusal of the whole page (not an admin any more), as opposed to a rule about one action. */
function isRoleRefusal(e: unknown): boolean {
  return isAppError(e, 'FORBIDDEN') && e.details?.reason === undefined;
}

function AddUserForm(props: { onDone: (u: User) => void; onCancel: () => void; onRefused: (e: unknown) => void }) {
  const [email, setEmail] = createSignal('');
  const [displayName, setDisplayName] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [role, setRole] = createSignal<Role>('user');
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setFieldErrors({});
    setError('');
    try {
      props.onDone(await createUser({ email: email(), displayName: displayName(), password: password(), role: role() }));
    } catch (err) {
      if (handleAuthError(err) || isRoleRefusal(err)) return props.onRefused(err);
      const { fields, form } = formErrors(err);
      setFieldErrors(fields);
      setError(form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="dialog-form" onSubmit={submit} novalidate>
      <Field label="Email" error={fieldErrors().email}>
        {(a) => (
          <input {...a} type="email" name="email" autocomplete="off" autofocus value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
        )}
      </Field>
      <Field label="Display name" error={fieldErrors().displayName}>
        {(a) => (
          <input {...a} type="text" name="displayName" autocomplete="off" value={displayName()} onInput={(e) => setDisplayName(e.currentTarget.value)} />
        )}
      </Field>
      <Field label="Password" hint={`At least ${MIN_PASSWORD_LENGTH} characters. Tell them, and they can change it in Account settings.`} error={fieldErrors().password}>
        {(a) => (
          <input {...a} type="password" name="password" autocomplete="new-password" value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
        )}
      </Field>
      <Field
        label="Role"
        hint={role() === 'admin' ? 'Manages books, sources and users, and reads.' : 'Reads, with their own progress and collections.'}
        error={fieldErrors().role}
      >
        {(a) => (
          <select {...a} name="role" value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            <option value="user">{ROLE_LABEL.user}</option>
            <option value="admin">{ROLE_LABEL.admin}</option>
          </select>
        )}
      </Field>
      <Show when={error()}>
        <p class="form-error" role="alert">
          {error()}
        </p>
      </Show>
      <div class="modal-actions">
        <button type="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Adding…' : 'Add user'}
        </button>
      </div>
    </form>
  );
}

function ResetPasswordForm(props: { user: User; onDone: () => void; onCancel: () => void; onRefused: (e: unknown) => void }) {
  const [password, setPassword] = createSignal('');
  const [fieldError, setFieldError] = createSignal('');
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setFieldError('');
    setError('');
    try {
      await resetUserPassword(props.user.id, password());
      props.onDone();
    } catch (err) {
      if (handleAuthError(err) || isRoleRefusal(err)) return props.onRefused(err);
      const { fields, form } = formErrors(err);
      setFieldError(fields.newPassword ?? '');
      setError(form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="dialog-form" onSubmit={submit} novalidate>
      <p class="muted">
        {props.user.displayName} ({props.user.email}) will be signed out and must sign in with the new password.
      </p>
      <Field label="New password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`} error={fieldError()}>
        {(a) => (
          <input {...a} type="password" name="newPassword" autocomplete="new-password" autofocus value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
        )}
      </Field>
      <Show when={error()}>
        <p class="form-error" role="alert">
          {error()}
        </p>
      </Show>
      <div class="modal-actions">
        <button type="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Saving…' : 'Reset password'}
        </button>
      </div>
    </form>
  );
}

function DeleteUserForm(props: { user: User; onDone: () => void; onCancel: () => void; onRefused: (e: unknown) => void }) {
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  async function confirm(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await deleteUser(props.user.id);
      props.onDone();
    } catch (err) {
      if (handleAuthError(err) || isRoleRefusal(err)) return props.onRefused(err);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="dialog-form" onSubmit={confirm}>
      <p id="delete-user-desc">
        <strong>{props.user.displayName}</strong> ({props.user.email}) will no longer be able to sign in. Their reading progress and
        collections, with any share links, are deleted. The books stay in the library. This cannot be undone.
      </p>
      <Show when={error()}>
        <p class="form-error" role="alert">
          {error()}
        </p>
      </Show>
      <div class="modal-actions">
        {/* Focus starts on the harmless choice. */}
        <button type="button" autofocus onClick={() => props.onCancel()}>
          Cancel
        </button>
        <button type="submit" class="danger-solid" disabled={busy()}>
          {busy() ? 'Deleting…' : 'Delete user'}
        </button>
      </div>
    </form>
  );
}

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
      if (handleAuthError(e) || isRoleRefusal(e)) return refused(e);
      setLoadError(errorText(e));
    } finally {
      setLoaded(true);
    }
  }

  onMount(() => {
    void load();
    // Another tab (or this one) added, removed or changed someone.
    onCleanup(onTablesChanged(['users'], () => void load()));
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
      if (handleAuthError(e) || isRoleRefusal(e)) return refused(e);
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

          <Modal open={dialog() === 'add'} title="Add user" onClose={() => setDialog(null)}>
            <AddUserForm
              onCancel={() => setDialog(null)}
              onRefused={refused}
              onDone={(u) => {
                setDialog(null);
                setNotice({ kind: 'ok', text: `${u.displayName} (${u.email}) was added as ${u.role === 'admin' ? 'an administrator' : 'a reader'}.` });
                void load();
              }}
            />
          </Modal>
          <Modal
            open={dialog() === 'reset'}
            title={`Reset password of ${target().displayName}`}
            onClose={() => setDialog(null)}
          >
            <ResetPasswordForm
              user={target()}
              onCancel={() => setDialog(null)}
              onRefused={refused}
              onDone={() => {
                const u = target();
                setDialog(null);
                setNotice({ kind: 'ok', text: `The password of ${u.displayName} was reset. Give them the new one.` });
              }}
            />
          </Modal>
          <Modal
            open={dialog() === 'delete'}
            title={`Delete ${target().displayName}?`}
            describedBy="delete-user-desc"
            onClose={() => setDialog(null)}
          >
            <DeleteUserForm
              user={target()}
              onCancel={() => setDialog(null)}
              onRefused={refused}
              onDone={() => {
                const u = target();
                setDialog(null);
                setNotice({ kind: 'ok', text: `${u.displayName} (${u.email}) was deleted.` });
                void load();
              }}
            />
          </Modal>
        </section>
      </Match>
    </Switch>
  );
}
