import { isAppError } from '../domain/errors';

/**
 * Splits a worker error into messages per form field (from AppError details.fields / details.field)
 * and a message for the whole form (everything else).
 */
export function formErrors(e: unknown): { fields: Record<string, string>; form: string } {
  if (isAppError(e)) {
    const d = e.details ?? {};
    if (d.fields && typeof d.fields === 'object') return { fields: d.fields as Record<string, string>, form: '' };
    if (typeof d.field === 'string') return { fields: { [d.field]: e.message }, form: '' };
  }
  return { fields: {}, form: errorText(e) };
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
