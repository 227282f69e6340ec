import { AppError } from './errors';

export const MIN_PASSWORD_LENGTH = 8;
/** bcrypt only looks at the first 72 bytes; longer passwords would silently collide. */
export const MAX_PASSWORD_BYTES = 72;

export function validateEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(e) || e.length > 254) throw new AppError('INVALID_INPUT', 'Enter a valid email address.', { field: 'email' });
  return e;
}

export function validatePassword(password: string, field = 'password'): string {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new AppError('INVALID_INPUT', `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`, { field });
  if (new TextEncoder().encode(password).length > MAX_PASSWORD_BYTES)
    throw new AppError('INVALID_INPUT', `The password must be at most ${MAX_PASSWORD_BYTES} bytes long.`, { field });
  return password;
}

export function validateDisplayName(name: string): string {
  const n = name.trim();
  if (!n) throw new AppError('INVALID_INPUT', 'A name is required.', { field: 'displayName' });
  if (n.length > 100) throw new AppError('INVALID_INPUT', 'The name must be at most 100 characters long.', { field: 'displayName' });
  return n;
}
