import { A } from '@solidjs/router';
import '../accounts.css';

export function NotFoundPage() {
  return (
    <section class="page empty-state not-found">
      <h1>Page not found</h1>
      <p class="muted">There is nothing at this address.</p>
      <A href="/library" class="button">
        Back to the library
      </A>
    </section>
  );
}
