import { onMount } from 'solid-js';
import { startTextIndexer } from '../../fulltext/textIndexer';

/** Mounted on every signed-in page, like LocalSync: indexes the books' text in the background. */
export function TextIndexRunner() {
  onMount(startTextIndexer);
  return null;
}
