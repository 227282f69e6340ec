import type { Db } from '../Db';

/** Failed sign-ins in a row for one email (known or not), kept so a reload does not reset them. */
export interface SignInFailures {
  failures: number;
  lastFailedAt: number;
}

export async function getSignInFailures(db: Db, email: string): Promise<SignInFailures | undefined> {
  const r = await db.get<{ failures: number; last_failed_at: number }>('SELECT failures, last_failed_at FROM login_attempts WHERE email = ?', [email]);
  return r && { failures: Number(r.failures), lastFailedAt: Number(r.last_failed_at) };
}

/** Counts one more failure; returns the count so far. */
export async function recordSignInFailure(db: Db, email: string, now: number): Promise<number> {
  await db.run(
    `INSERT INTO login_attempts (email, failures, last_failed_at) VALUES (?, 1, ?)
     ON CONFLICT (email) DO UPDATE SET failures = failures + 1, last_failed_at = excluded.last_failed_at`,
    [email, now],
  );
  return (await getSignInFailures(db, email))?.failures ?? 0;
}

export async function clearSignInFailures(db: Db, email: string): Promise<void> {
  await db.run('DELETE FROM login_attempts WHERE email = ?', [email]);
}

/** Forgets the counts of emails with no failure since `before`. */
export async function forgetSignInFailures(db: Db, before: number): Promise<void> {
  await db.run('DELETE FROM login_attempts WHERE last_failed_at < ?', [before]);
}
