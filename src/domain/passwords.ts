import bcrypt from 'bcryptjs';

/** bcrypt cost: 10 is about 0.3 s in a browser worker, slow enough to blunt guessing. */
export const BCRYPT_COST = 10;

export function hashPassword(password: string, cost = BCRYPT_COST): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
