import { A } from '@solidjs/router';
import './accounts.css';

/** The admin area's sub-navigation, shown above every /admin/* page. */
export function AdminNav() {
  return (
    <nav class="admin-nav" aria-label="Administration">
      <span class="admin-nav-title">Admin</span>
      <A href="/admin/library">Library</A>
      <A href="/admin/users">Users</A>
    </nav>
  );
}
