import { describe, expect, it } from 'vitest';
import bcrypt from 'bcryptjs';
import { engines } from './engines';
import { makeBook } from './factories';
import { makeTestApi, type TestApi } from './testApi';
import { addBookToCollection, insertCollection } from '../../src/db/queries/collections';
import { upsertProgress } from '../../src/db/queries/progress';
import { getBook } from '../../src/db/queries/books';
import { getUserById, insertUser, seedDefaultAdmin } from '../../src/db/queries/users';
import { BROWSER_SESSION_SECONDS, PERSISTENT_SESSION_SECONDS, sha256Hex } from '../../src/db/queries/sessions';
import { BCRYPT_COST, hashPassword, verifyPassword } from '../../src/domain/passwords';
import { FREE_FAILURES, signInDelay } from '../../src/domain/signInDelay';
import { isAppError, type AppError, type ErrorCode } from '../../src/domain/errors';
import { DEFAULT_ADMIN, type Role } from '../../src/domain/types';
import type { DbApi } from '../../src/db/api';

const DAY = 24 * 3600;
const reading = { currentPage: 3, totalPages: 10, epubLocation: null, percentComplete: 30, status: 'reading' as const, lastReadAt: 1 };

/** The error a call fails with (the test fails if it succeeds). */
async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${e === undefined ? 'success' : String(e)}`);
  return e;
}

async function expectCode(p: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  const e = await failure(p);
  expect(e.code, e.message).toBe(code);
  return e;
}

/** A user who can sign in, created through the worker API as an admin would. */
async function addUser(t: TestApi, adminToken: string, role: Role = 'user', email = `${role}-${crypto.randomUUID().slice(0, 8)}@example.org`) {
  const password = `pw-${email}`;
  const user = await t.api.createUser(adminToken, { email, displayName: `Name of ${email}`, password, role });
  return { user, email, password };
}

async function signedIn(t: TestApi, email: string, password: string, stay = false) {
  return (await t.api.signIn(email, password, stay)).token;
}

async function count(t: TestApi, sql: string, params: string[] = []) {
  return Number((await t.db.get<{ n: number }>(sql, params))!.n);
}

/** Every admin-only call, with arguments that would succeed for an admin. */
function adminCalls(api: DbApi, victimId: string): [string, (token: string | undefined) => Promise<unknown>][] {
  return [
    ['listUsers', (tk) => api.listUsers(tk as string)],
    ['createUser', (tk) => api.createUser(tk as string, { email: 'new@example.org', displayName: 'New', password: 'long enough', role: 'admin' })],
    ['resetUserPassword', (tk) => api.resetUserPassword(tk as string, victimId, 'another long one')],
    ['setUserRole', (tk) => api.setUserRole(tk as string, victimId, 'admin')],
    ['deleteUser', (tk) => api.deleteUser(tk as string, victimId)],
  ];
}

describe('passwords', () => {
  it('hashes with bcrypt at the app cost, salted, and verifies only the right password', async () => {
    const h1 = await hashPassword('correct horse');
    const h2 = await hashPassword('correct horse');
    expect(h1).toMatch(/^\$2[aby]\$10\$/);
    expect(bcrypt.getRounds(h1)).toBe(BCRYPT_COST);
    expect(h1).not.toBe(h2); // salted: equal passwords do not give equal hashes
    expect(await verifyPassword('correct horse', h1)).toBe(true);
    expect(await verifyPassword('correct horse', h2)).toBe(true);
    expect(await verifyPassword('correct hors', h1)).toBe(false);
    expect(await verifyPassword('Correct horse', h1)).toBe(false);
    expect(await verifyPassword('', h1)).toBe(false);
  });
});

describe.each(engines)('accounts ($name)', (engine) => {
  describe('sign-in and stored secrets', () => {
    it('stores a bcrypt hash, never the password, and only the SHA-256 of a session token', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      const { user, email, password } = await addUser(t, admin);
      const row = await t.db.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = ?', [user.id]);
      expect(row!.password_hash).toMatch(/^\$2[aby]\$10\$/);
      expect(row!.password_hash).not.toContain(password);
      expect(await verifyPassword(password, row!.password_hash)).toBe(true);

      const s = await t.api.signIn(email.toUpperCase(), password, false);
      expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(s.user).toMatchObject({ id: user.id, email, role: 'user' });
      expect(s.user).not.toHaveProperty('passwordHash');
      const ids = (await t.db.all<{ id: string }>('SELECT id FROM sessions WHERE user_id = ?', [user.id])).map((r) => r.id);
      expect(ids).toEqual([await sha256Hex(s.token)]);
      expect(JSON.stringify(await t.db.all('SELECT * FROM sessions'))).not.toContain(s.token);
    });

    it('answers a wrong password and an unknown email with the same message', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      const { email } = await addUser(t, admin);
      const wrongPassword = await expectCode(t.api.signIn(email, 'not the password', false), 'UNAUTHENTICATED');
      const unknownEmail = await expectCode(t.api.signIn('nobody@example.org', 'not the password', false), 'UNAUTHENTICATED');
      expect(wrongPassword.message).toBe(unknownEmail.message);
      expect(wrongPassword.message).toBe('Wrong email or password.');
      expect(await t.api.listUsers(admin)).toHaveLength(2); // nothing was created on the way
    });

    it('signOut ends the session at once', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      await t.api.signOut(admin);
      expect(await t.api.whoAmI(admin)).toBeNull();
      await expectCode(t.api.listUsers(admin), 'UNAUTHENTICATED');
    });
  });

  describe('session expiry', () => {
    it('"Stay signed in" lasts 30 days, used or not, and then ends', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      const { email, password } = await addUser(t, admin);
      const start = t.clock.now;
      const s = await t.api.signIn(email, password, true);
      expect(s).toMatchObject({ persistent: true, expiresAt: start + PERSISTENT_SESSION_SECONDS });
      expect(PERSISTENT_SESSION_SECONDS).toBe(30 * DAY);

      t.clock.now = start + 29 * DAY;
      expect((await t.api.whoAmI(s.token))?.user.email).toBe(email);
      await t.api.updateOwnProfile(s.token, { displayName: 'Still here' }); // using it does not extend it
      t.clock.now = start + 30 * DAY - 1;
      expect(await t.api.whoAmI(s.token)).not.toBeNull();
      t.clock.now = start + 30 * DAY;
      expect(await t.api.whoAmI(s.token)).toBeNull();
      await expectCode(t.api.updateOwnProfile(s.token, { displayName: 'Too late' }), 'UNAUTHENTICATED');
      // The expired row is gone from the database, not just ignored.
      expect(await count(t, 'SELECT COUNT(*) AS n FROM sessions WHERE id = ?', [await sha256Hex(s.token)])).toBe(0);
    });

    it('a browser session ends after a day without use, and each use keeps it alive', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      const { email, password } = await addUser(t, admin);
      const start = t.clock.now;
      const s = await t.api.signIn(email, password, false);
      expect(s).toMatchObject({ persistent: false, expiresAt: start + BROWSER_SESSION_SECONDS });

      // Used every 20 hours for four days: still signed in.
      for (let i = 1; i <= 5; i++) {
        t.clock.now = start + i * 20 * 3600;
        await t.api.updateOwnProfile(s.token, { displayName: `Day ${i}` });
      }
      expect(t.clock.now - start).toBeGreaterThan(3 * DAY);
      expect(await t.api.whoAmI(s.token)).not.toBeNull();

      // Then a day and a second without a call: over.
      t.clock.now += BROWSER_SESSION_SECONDS + 1;
      expect(await t.api.whoAmI(s.token)).toBeNull();
      await expectCode(t.api.updateOwnProfile(s.token, { displayName: 'Gone' }), 'UNAUTHENTICATED');
    });

    it('an expired session cannot make admin calls', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      t.clock.now += BROWSER_SESSION_SECONDS + 1;
      await expectCode(t.api.listUsers(admin), 'UNAUTHENTICATED');
    });
  });

  describe('roles, enforced in the worker', () => {
    it('refuses every admin call to a signed-in user (FORBIDDEN) and changes nothing', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      const { email, password } = await addUser(t, admin);
      const victim = await addUser(t, admin);
      const userToken = await signedIn(t, email, password);
      const before = await t.api.listUsers(admin);
      const calls = adminCalls(t.api, victim.user.id);
      expect(calls.map(([name]) => name).sort()).toEqual(['createUser', 'deleteUser', 'listUsers', 'resetUserPassword', 'setUserRole']);
      for (const [name, call] of calls) {
        const e = await failure(call(userToken));
        expect(e.code, name).toBe('FORBIDDEN');
      }
      expect(await t.api.listUsers(admin)).toEqual(before);
      expect(await signedIn(t, victim.email, victim.password)).toBeTruthy(); // password not reset
    });

    it('refuses every admin call without a session, with an unknown token and with an expired one (UNAUTHENTICATED)', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      const victim = await addUser(t, admin);
      const expiring = (await t.api.signIn(DEFAULT_ADMIN.email, 'admin-new-password', false)).token;
      const before = await t.api.listUsers(admin);
      t.clock.now += BROWSER_SESSION_SECONDS + 1;
      const freshAdmin = (await t.api.signIn(DEFAULT_ADMIN.email, 'admin-new-password', false)).token;
      for (const [name, call] of adminCalls(t.api, victim.user.id)) {
        for (const [label, tk] of [
          ['no token', undefined],
          ['empty token', ''],
          ['unknown token', 'x'.repeat(43)],
          ['expired token', expiring],
        ] as const) {
          const e = await failure(call(tk));
          expect(e.code, `${name} with ${label}`).toBe('UNAUTHENTICATED');
        }
      }
      expect(await t.api.listUsers(freshAdmin)).toEqual(before);
    });

    it('refuses an admin demoted after signing in, on their very next call', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      const other = await addUser(t, admin, 'admin');
      const otherToken = await signedIn(t, other.email, other.password);
      expect(await t.api.listUsers(otherToken)).toHaveLength(2);
      await t.api.setUserRole(admin, other.user.id, 'user');
      await expectCode(t.api.listUsers(otherToken), 'FORBIDDEN');
      expect((await t.api.whoAmI(otherToken))?.user.role).toBe('user');
    });

    it('lets an admin do each admin call', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      const victim = await addUser(t, admin);
      for (const [name, call] of adminCalls(t.api, victim.user.id)) {
        await expect(call(admin), name).resolves.not.toThrow();
      }
      expect((await t.api.listUsers(admin)).map((u) => u.email).sort()).toEqual([DEFAULT_ADMIN.email, 'new@example.org']);
    });
  });

  describe('first run', () => {
    it('the default admin must change the password before anything else', async () => {
      const t = await makeTestApi(engine);
      const s = await t.api.signIn(DEFAULT_ADMIN.email, DEFAULT_ADMIN.password, false);
      expect(s.mustChangePassword).toBe(true);
      expect((await t.api.whoAmI(s.token))?.mustChangePassword).toBe(true);
      for (const [name, call] of adminCalls(t.api, DEFAULT_ADMIN.id)) {
        const e = await failure(call(s.token));
        expect(e.code, name).toBe('PASSWORD_CHANGE_REQUIRED');
      }
      await expectCode(t.api.updateOwnProfile(s.token, { displayName: 'Boss' }), 'PASSWORD_CHANGE_REQUIRED');
      // The default password cannot be "changed" to itself, nor to something short.
      await expectCode(t.api.changeOwnPassword(s.token, DEFAULT_ADMIN.password, DEFAULT_ADMIN.password), 'INVALID_INPUT');
      await expectCode(t.api.changeOwnPassword(s.token, DEFAULT_ADMIN.password, 'short'), 'INVALID_INPUT');
      expect((await t.api.whoAmI(s.token))?.mustChangePassword).toBe(true);

      await t.api.changeOwnPassword(s.token, DEFAULT_ADMIN.password, 'my own secret');
      expect((await t.api.whoAmI(s.token))?.mustChangePassword).toBe(false);
      expect(await t.api.listUsers(s.token)).toHaveLength(1);
      const again = await t.api.signIn(DEFAULT_ADMIN.email, 'my own secret', false);
      expect(again.mustChangePassword).toBe(false);
    });

    it('after the change the default password fails, and re-seeding (a relaunch) never restores it', async () => {
      const t = await makeTestApi(engine);
      await t.adminToken(); // changes it to admin-new-password
      await expectCode(t.api.signIn(DEFAULT_ADMIN.email, DEFAULT_ADMIN.password, false), 'UNAUTHENTICATED');
      expect(await seedDefaultAdmin(t.db)).toBe(false);
      await expectCode(t.api.signIn(DEFAULT_ADMIN.email, DEFAULT_ADMIN.password, false), 'UNAUTHENTICATED');
      expect((await t.api.signIn(DEFAULT_ADMIN.email, 'admin-new-password', false)).mustChangePassword).toBe(false);
    });

    it('deleting the default admin (by another admin) does not bring it back on the next launch', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      const other = await addUser(t, admin, 'admin');
      const otherToken = await signedIn(t, other.email, other.password);
      await t.api.deleteUser(otherToken, DEFAULT_ADMIN.id);
      expect(await seedDefaultAdmin(t.db)).toBe(false);
      expect(await getUserById(t.db, DEFAULT_ADMIN.id)).toBeUndefined();
      await expectCode(t.api.signIn(DEFAULT_ADMIN.email, DEFAULT_ADMIN.password, false), 'UNAUTHENTICATED');
    });
  });

  describe('user management rules', () => {
    it('nobody can delete their own account', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      await addUser(t, admin, 'admin'); // not the last admin: the self rule alone refuses
      const e = await expectCode(t.api.deleteUser(admin, DEFAULT_ADMIN.id), 'FORBIDDEN');
      expect(e.message).toBe('You cannot delete your own account.');
      expect(await getUserById(t.db, DEFAULT_ADMIN.id)).toBeDefined();
      expect(await t.api.whoAmI(admin)).not.toBeNull();
    });

    it('the last admin cannot be demoted; with two admins, one may be demoted or deleted', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      const e = await expectCode(t.api.setUserRole(admin, DEFAULT_ADMIN.id, 'user'), 'LAST_ADMIN');
      expect(e.message).toBe('The last administrator cannot be made a regular user.');
      expect((await getUserById(t.db, DEFAULT_ADMIN.id))!.role).toBe('admin');

      const second = await addUser(t, admin, 'admin');
      const secondToken = await signedIn(t, second.email, second.password);
      // Two admins: one may step down (here the default admin demotes itself)...
      await t.api.setUserRole(admin, DEFAULT_ADMIN.id, 'user');
      expect((await t.api.whoAmI(admin))?.user.role).toBe('user');
      // ...and the other is now the last one.
      await expectCode(t.api.setUserRole(secondToken, second.user.id, 'user'), 'LAST_ADMIN');

      // Promoted again, the default admin can be deleted by the other one: not the last.
      await t.api.setUserRole(secondToken, DEFAULT_ADMIN.id, 'admin');
      await t.api.deleteUser(secondToken, DEFAULT_ADMIN.id);
      expect((await t.api.listUsers(secondToken)).map((u) => u.role)).toEqual(['admin']);
      // The one left can neither step down nor delete itself.
      await expectCode(t.api.setUserRole(secondToken, second.user.id, 'user'), 'LAST_ADMIN');
      await expectCode(t.api.deleteUser(secondToken, second.user.id), 'FORBIDDEN');
      // Demoting a regular user to user (no change) is fine and harmless.
      const reader = await addUser(t, secondToken);
      await t.api.setUserRole(secondToken, reader.user.id, 'user');
    });

    it('refuses a role other than admin or user', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      const u = await addUser(t, admin);
      const e = await expectCode(t.api.setUserRole(admin, u.user.id, 'superuser' as Role), 'INVALID_INPUT');
      expect(e.details?.field).toBe('role');
      await expectCode(t.api.setUserRole(admin, 'no-such-user', 'admin'), 'NOT_FOUND');
      await expectCode(t.api.deleteUser(admin, 'no-such-user'), 'NOT_FOUND');
    });

    it('validates a new user field by field, all fields at once', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      const e = await expectCode(t.api.createUser(admin, { email: 'not an email', displayName: '  ', password: 'short', role: 'user' }), 'INVALID_INPUT');
      expect(e.details?.field).toBe('email');
      expect(e.details?.fields).toEqual({
        email: 'Enter a valid email address.',
        displayName: 'A name is required.',
        password: 'The password must be at least 8 characters long.',
      });
      const bad = await expectCode(
        t.api.createUser(admin, { email: 'ok@example.org', displayName: 'Ok', password: 'long enough', role: 'owner' as Role }),
        'INVALID_INPUT',
      );
      expect(bad.details?.field).toBe('role');

      const created = await t.api.createUser(admin, { email: ' Ann@Example.org ', displayName: ' Ann ', password: 'long enough', role: 'user' });
      expect(created).toMatchObject({ email: 'ann@example.org', displayName: 'Ann', role: 'user', createdAt: expect.any(Number) });
      expect(t.changes.flat()).toContain('users');
      const dup = await expectCode(
        t.api.createUser(admin, { email: 'ANN@example.org', displayName: 'Other Ann', password: 'long enough', role: 'user' }),
        'CONFLICT',
      );
      expect(dup.details?.field).toBe('email');
      expect(await t.api.listUsers(admin)).toHaveLength(2);
    });

    it('resetting a password: the old one stops working, their sessions end, and not for oneself', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      const u = await addUser(t, admin);
      const theirToken = await signedIn(t, u.email, u.password, true);
      const e = await expectCode(t.api.resetUserPassword(admin, u.user.id, 'short'), 'INVALID_INPUT');
      expect(e.details?.field).toBe('newPassword');
      await t.api.resetUserPassword(admin, u.user.id, 'a brand new one');
      expect(await t.api.whoAmI(theirToken)).toBeNull();
      await expectCode(t.api.signIn(u.email, u.password, false), 'UNAUTHENTICATED');
      expect(await signedIn(t, u.email, 'a brand new one')).toBeTruthy();
      // An admin changes their own password with the old one, in their settings.
      await expectCode(t.api.resetUserPassword(admin, DEFAULT_ADMIN.id, 'whatever long'), 'FORBIDDEN');
      expect(await t.api.whoAmI(admin)).not.toBeNull();
    });

    it('deleting a user removes their progress, collections and sessions; books and everyone else\'s data stay', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      const gone = await addUser(t, admin);
      const stays = await addUser(t, admin);
      const goneToken = await signedIn(t, gone.email, gone.password);
      const [b1, b2] = [await makeBook(t.db), await makeBook(t.db)];
      for (const uid of [gone.user.id, stays.user.id, DEFAULT_ADMIN.id]) {
        await upsertProgress(t.db, uid, b1.id, reading);
        await upsertProgress(t.db, uid, b2.id, reading);
        const c = await insertCollection(t.db, uid, `Shelf of ${uid}`);
        await addBookToCollection(t.db, c.id, b1.id);
        await addBookToCollection(t.db, c.id, b2.id);
        await t.db.run('UPDATE collections SET share_token = ? WHERE id = ?', [`share-${uid}`, c.id]);
      }
      const before = {
        progress: await count(t, 'SELECT COUNT(*) AS n FROM reading_progress'),
        collections: await count(t, 'SELECT COUNT(*) AS n FROM collections'),
        links: await count(t, 'SELECT COUNT(*) AS n FROM collection_books'),
      };
      t.changes.length = 0;
      await t.api.deleteUser(admin, gone.user.id);

      expect(t.changes.flat()).toContain('users');
      expect(await getUserById(t.db, gone.user.id)).toBeUndefined();
      expect(await t.api.whoAmI(goneToken)).toBeNull();
      await expectCode(t.api.signIn(gone.email, gone.password, false), 'UNAUTHENTICATED');
      for (const table of ['reading_progress', 'collections', 'sessions'])
        expect(await count(t, `SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ?`, [gone.user.id]), table).toBe(0);
      expect(await count(t, 'SELECT COUNT(*) AS n FROM collections WHERE share_token = ?', [`share-${gone.user.id}`])).toBe(0);
      expect(await count(t, 'SELECT COUNT(*) AS n FROM reading_progress')).toBe(before.progress - 2);
      expect(await count(t, 'SELECT COUNT(*) AS n FROM collections')).toBe(before.collections - 1);
      expect(await count(t, 'SELECT COUNT(*) AS n FROM collection_books')).toBe(before.links - 2);
      for (const uid of [stays.user.id, DEFAULT_ADMIN.id]) {
        expect(await count(t, 'SELECT COUNT(*) AS n FROM reading_progress WHERE user_id = ?', [uid])).toBe(2);
        expect(await count(t, 'SELECT COUNT(*) AS n FROM collections c JOIN collection_books l ON l.collection_id = c.id WHERE c.user_id = ?', [uid])).toBe(2);
      }
      expect(await getBook(t.db, b1.id)).toBeDefined();
      expect(await getBook(t.db, b2.id)).toBeDefined();
      expect(await signedIn(t, stays.email, stays.password)).toBeTruthy();
    });
  });

  describe('own account', () => {
    it('changes the display name, refusing an empty one', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      const u = await addUser(t, admin);
      const tk = await signedIn(t, u.email, u.password);
      expect(await t.api.updateOwnProfile(tk, { displayName: '  Ann Reader ' })).toMatchObject({ id: u.user.id, displayName: 'Ann Reader' });
      expect((await t.api.whoAmI(tk))?.user.displayName).toBe('Ann Reader');
      const e = await expectCode(t.api.updateOwnProfile(tk, { displayName: '   ' }), 'INVALID_INPUT');
      expect(e.details?.field).toBe('displayName');
    });

    it('changes the password only with the current one, and signs out their other browsers', async () => {
      const t = await makeTestApi(engine);
      const admin = await t.adminToken();
      const u = await addUser(t, admin);
      const here = await signedIn(t, u.email, u.password);
      const elsewhere = await signedIn(t, u.email, u.password, true);
      const wrong = await expectCode(t.api.changeOwnPassword(here, 'not it', 'new password 1'), 'INVALID_INPUT');
      expect(wrong.details?.field).toBe('oldPassword');
      const short = await expectCode(t.api.changeOwnPassword(here, u.password, 'short'), 'INVALID_INPUT');
      expect(short.details?.field).toBe('newPassword');
      expect(await t.api.whoAmI(elsewhere)).not.toBeNull();

      await t.api.changeOwnPassword(here, u.password, 'new password 1');
      expect(await t.api.whoAmI(here)).not.toBeNull();
      expect(await t.api.whoAmI(elsewhere)).toBeNull();
      await expectCode(t.api.signIn(u.email, u.password, false), 'UNAUTHENTICATED');
      expect(await signedIn(t, u.email, 'new password 1')).toBeTruthy();
    });
  });

  describe('backoff after failed sign-ins', () => {
    it('five failures, then a growing wait (even for the right password), reset by a success', async () => {
      const t = await makeTestApi(engine);
      const password = 'the right one';
      await insertUser(t.db, { email: 'bo@example.org', displayName: 'Bo', role: 'user', passwordHash: await hashPassword(password, 4) });
      const start = t.clock.now;
      for (let i = 1; i < FREE_FAILURES; i++) {
        const e = await expectCode(t.api.signIn('bo@example.org', 'wrong', false), 'UNAUTHENTICATED');
        expect(e.details?.retryAfter, `failure ${i}`).toBeUndefined();
      }
      // The fifth failure says at once how long to wait.
      const fifth = await expectCode(t.api.signIn('bo@example.org', 'wrong', false), 'UNAUTHENTICATED');
      expect(fifth.details?.retryAfter).toBe(signInDelay(FREE_FAILURES));
      const limited = await expectCode(t.api.signIn('bo@example.org', password, false), 'RATE_LIMITED');
      expect(limited.details?.retryAfter).toBe(5);
      // Other spellings of the same email share the count.
      await expectCode(t.api.signIn(' BO@example.org', password, false), 'RATE_LIMITED');
      t.clock.now = start + 3;
      expect((await expectCode(t.api.signIn('bo@example.org', password, false), 'RATE_LIMITED')).details?.retryAfter).toBe(2);

      // Each further failure doubles the wait.
      const waits: number[] = [];
      for (let i = 0; i < 3; i++) {
        const w = Number((await failure(t.api.signIn('bo@example.org', 'x', false))).details?.retryAfter ?? 0);
        if (w === 0) break;
        t.clock.now += w; // wait it out, then fail again
        const e = await expectCode(t.api.signIn('bo@example.org', 'still wrong', false), 'UNAUTHENTICATED');
        waits.push(Number(e.details?.retryAfter));
      }
      expect(waits).toEqual([10, 20, 40]);
      // Another email is not affected.
      await expectCode(t.api.signIn('someone@example.org', 'wrong', false), 'UNAUTHENTICATED');

      // Waiting it out, then the right password: in, and the count starts again from zero.
      t.clock.now += 40;
      expect(await signedIn(t, 'bo@example.org', password)).toBeTruthy();
      for (let i = 1; i < FREE_FAILURES; i++) await expectCode(t.api.signIn('bo@example.org', 'wrong', false), 'UNAUTHENTICATED');
      expect(await signedIn(t, 'bo@example.org', password)).toBeTruthy();
    });

    it('applies to unknown emails too, and the wait is capped', async () => {
      const t = await makeTestApi(engine);
      for (let i = 0; i < FREE_FAILURES; i++) await expectCode(t.api.signIn('ghost@example.org', 'guess', false), 'UNAUTHENTICATED');
      const e = await expectCode(t.api.signIn('ghost@example.org', 'guess', false), 'RATE_LIMITED');
      expect(e.details?.retryAfter).toBe(5);
      expect(signInDelay(FREE_FAILURES + 50)).toBe(15 * 60);
    });

    it('forgets an email\'s failures after a quiet day', async () => {
      const t = await makeTestApi(engine);
      for (let i = 0; i < FREE_FAILURES + 2; i++) {
        await failure(t.api.signIn('ghost@example.org', 'guess', false));
        t.clock.now += 60;
      }
      t.clock.now += DAY + 1;
      const e = await expectCode(t.api.signIn('ghost@example.org', 'guess', false), 'UNAUTHENTICATED');
      expect(e.details?.retryAfter).toBeUndefined();
    });
  });
});
