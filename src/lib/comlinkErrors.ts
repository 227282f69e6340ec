import { transferHandlers } from 'comlink';
import { fromWire, toWire, type WireError } from '../domain/errors';

type Thrown = { isError: boolean; value: unknown };

/**
 * Comlink's own 'throw' handler keeps only name, message and stack, so the UI would lose
 * AppError.code. This one sends {name, code, message, details} and rebuilds an AppError.
 * Install it on both sides of every boundary (page and worker).
 */
export function installErrorTransfer(): void {
  const original = transferHandlers.get('throw');
  if (!original) return;
  transferHandlers.set('throw', {
    canHandle: original.canHandle,
    serialize(thrown: unknown) {
      const { value } = thrown as { value: unknown };
      const wire: Thrown = { isError: true, value: toWire(value) };
      return [wire, []];
    },
    deserialize(serialized: unknown) {
      const s = serialized as Thrown;
      throw fromWire(s.value as WireError);
    },
  });
}
