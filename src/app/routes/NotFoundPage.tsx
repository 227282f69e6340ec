import { A } from '@solidjs/router';

export function NotFoundPage() {
  return (
    <section class="page empty-state">
      <h1>Page not found</h1>
      <p class="muted">There is nothing at this address.</p>
      <A href="/library">Back to the library</A>
    </section>
  );
}
