import type { ParentProps } from 'solid-js';
import { AdminNav } from './AdminNav';
import { RequireAdmin } from './RequireAdmin';

/** Layout of the /admin route group: admins only, with the admin sub-navigation. */
export function AdminArea(props: ParentProps) {
  return (
    <RequireAdmin>
      <div class="admin-area">
        <AdminNav />
        {props.children}
      </div>
    </RequireAdmin>
  );
}
