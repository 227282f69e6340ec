import { deleteUser } from '../../data/users';
import type { User } from '../../domain/types';
import { isSessionEnded } from '../../data/auth';
import { FormMessages } from '../../ui/FormMessages';
import { createForm } from '../createForm';
import { isRoleRefusal } from './userRoles';
import { ModalActions } from '../../ui/FormActions';

/** Confirms deleting someone (their progress and collections go with them). */
export function DeleteUserForm(props: { user: User; onDone: () => void; onCancel: () => void; onRefused: (e: unknown) => void }) {
  const form = createForm({ refused: (err) => (isSessionEnded(err) || isRoleRefusal(err)) && (props.onRefused(err), true) });
  const confirm = form.submit(async () => {
    await deleteUser(props.user.id);
    props.onDone();
  });

  return (
    <form class="dialog-form" onSubmit={confirm}>
      <p id="delete-user-desc">
        <strong>{props.user.displayName}</strong> ({props.user.email}) will no longer be able to sign in. Their reading progress and
        collections, with any share links, are deleted. The books stay in the library. This cannot be undone.
      </p>
      <FormMessages error={form.error()} />
      <ModalActions onCancel={props.onCancel} label="Delete user" busyLabel="Deleting…" busy={form.busy()} danger />
    </form>
  );
}
