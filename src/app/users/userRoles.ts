import { isAppError } from '../../domain/errors';
import type { Role } from '../../domain/types';

export const ROLE_LABEL: Record<Role, string> = { admin: 'Administrator', user: 'Reader' };

/** A refusal of the whole page (not an admin any more), as opposed to a rule about one action. */
export function isRoleRefusal(e: unknown): boolean {
  return isAppError(e, 'FORBIDDEN') && e.details?.reason === undefined;
}
