import { isCoverPath } from '../domain/coverPath';
import { removeOpfsEntry } from './opfs';

/** Deletes a cover file; a path that is not a cover's (see isCoverPath) is left alone. */
export async function removeCoverFile(path: string): Promise<void> {
  if (!isCoverPath(path)) {
    console.warn('Not a cover file, not removed:', path);
    return;
  }
  await removeOpfsEntry(path);
}
