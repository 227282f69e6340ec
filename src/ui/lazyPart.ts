import { lazy, type Component, type ComponentProps } from 'solid-js';

/**
 * solid's lazy(), but code that cannot be fetched (offline and not in the service worker's cache,
 * or renamed by a newer deployment) renders `notLoaded` in its place. Plain lazy() rejects, and
 * with no boundary above, the whole page goes blank. Vite's `vite:preloadError` (a chunk's own
 * dependencies failing) ends in the same rejection, so it lands here too.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyPart<T extends Component<any>>(load: () => Promise<{ default: T }>, notLoaded: NoInfer<Component<ComponentProps<T>>>): T {
  return lazy(() =>
    load().catch((error: unknown) => {
      console.warn('Part of Alex could not be loaded', error);
      return { default: notLoaded as T };
    }),
  );
}
