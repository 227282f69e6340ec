import { AppError } from '../domain/errors';

/**
 * OPFS is where the catalogue lives; some browsers refuse it (private windows, locked-down
 * profiles). Checked in the page before the worker starts, for a fast plain answer, and again in
 * the worker, which is what actually opens the file.
 */
export async function assertOpfs(): Promise<void> {
  try {
    if (!navigator.storage?.getDirectory) throw new Error('navigator.storage.getDirectory is missing');
    await navigator.storage.getDirectory();
  } catch (e) {
    throw new AppError(
      'OPFS_UNAVAILABLE',
      'This browser does not let Alex keep its library here (private windows and some browsers block the storage it needs). Open Alex in a normal window of Chrome, Edge, Firefox or Safari.',
      undefined,
      { cause: e },
    );
  }
}
