import { createSignal } from 'solid-js';
import { isSessionEnded } from '../data/auth';
import { formErrors } from './formErrors';

/**
 * The state every form of the app repeats: a busy flag while the worker works, the message for
 * the whole form and one per field (from the AppError's details, formErrors.ts), and a note of
 * success. `submit(work)` makes the onSubmit handler: it clears the messages, runs `work` and
 * shows what went wrong. An ended session shows nothing: the page goes back to sign-in.
 */
export function createForm(opts: { refused?: (e: unknown) => boolean } = {}) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, string>>({});
  const [saved, setSaved] = createSignal('');

  const clear = () => {
    setFieldErrors({});
    setError('');
    setSaved('');
  };
  /** Shows `err` on the form (per field where the worker named one). */
  const fail = (err: unknown) => {
    if (opts.refused?.(err) || isSessionEnded(err)) return;
    const { fields, form } = formErrors(err);
    setFieldErrors(fields);
    setError(form);
  };
  const submit = (work: () => Promise<unknown>, check?: () => Partial<Record<string, string>> | null) => async (e: Event) => {
    e.preventDefault();
    clear();
    const invalid = check?.();
    if (invalid) return setFieldErrors(invalid as Record<string, string>);
    setBusy(true);
    try {
      await work();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, fieldErrors, field: (name: string) => fieldErrors()[name] ?? '', saved, setSaved, submit, fail };
}
