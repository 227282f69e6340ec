import type { TestApi } from './testApi';
import { insertUser } from '../../src/db/queries/users';
import { insertSession, newToken } from '../../src/db/queries/sessions';
import { upsertProgress } from '../../src/db/queries/progress';
import type { ReadingStatus } from '../../src/domain/types';

let n = 0;

/** A regular user with a live session, without bcrypt (these tests are about library rows). */
export async function signedInUser(t: TestApi, name = `Reader ${++n}`) {
  const user = await insertUser(t.db, { email: `reader${++n}@example.org`, displayName: name, role: 'user', passwordHash: 'x' });
  const token = newToken();
  await insertSession(t.db, token, { userId: user.id, now: t.clock.now, persistent: false, mustChangePassword: false });
  return { user, token };
}

/** Progress written straight to the table, with a chosen date (the readers' rules are tested elsewhere). */
export function setProgress(t: TestApi, userId: string, bookId: string, status: ReadingStatus, lastReadAt: number | null, percent = 0) {
  return upsertProgress(t.db, userId, bookId, {
    currentPage: null,
    totalPages: null,
    epubLocation: null,
    percentComplete: status === 'completed' ? 100 : percent,
    status,
    lastReadAt,
  });
}
