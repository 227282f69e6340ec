import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN, baseUrl, CHROME_ARGS, chromePath, firstRunAdmin, launch, openPage, pageErrors, signIn } from './browser';
import { seedLibrary } from './seedLibrary';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((c) => c.name === 'alex_session');
}

async function openUserMenu(page: Page) {
  await page.getByRole('button', { name: /^Account menu of/ }).click();
}

async function signOutViaMenu(page: Page) {
  await openUserMenu(page);
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login/);
}

function row(page: Page, email: string) {
  return page.locator(`tr[data-email="${email}"]`);
}

type RawReply = { ok: true; value: unknown } | { ok: false; code: string; message: string };

/**
 * Calls the database worker the way any script in the page could: a second copy of the app's own
 * worker, spoken to in comlink's wire format, with the session token from the cookie. Nothing of
 * the app is exposed for this; the worker must refuse on its own.
 */
async function callWorkerDirectly(page: Page, calls: { method: string; args: unknown[] }[]): Promise<RawReply[]> {
  const url = page
    .workers()
    .map((w) => w.url())
    .find((u) => /\/assets\/worker-[^/]+\.js$/.test(u));
  expect(url, `the DB worker among ${page.workers().map((w) => w.url())}`).toBeTruthy();
  return page.evaluate(
    async ({ url, calls }) => {
      const m = document.cookie.match(/(?:^|;\s*)alex_session=([^;]+)/);
      const token = m ? decodeURIComponent(m[1]!) : '';
      const worker = new Worker(url, { type: 'module' });
      const call = (method: string, args: unknown[]) =>
        new Promise<RawReply>((resolve) => {
          const id = crypto.randomUUID();
          const onMessage = (e: MessageEvent) => {
            if (e.data?.id !== id) return;
            worker.removeEventListener('message', onMessage);
            if (e.data.type === 'HANDLER' && e.data.name === 'throw') {
              const err = e.data.value.value as { code: string; message: string };
              resolve({ ok: false, code: err.code, message: err.message });
            } else resolve({ ok: true, value: e.data.value });
          };
          worker.addEventListener('message', onMessage);
          worker.postMessage({ id, type: 'APPLY', path: [method], argumentList: [token, ...args].map((value) => ({ type: 'RAW', value })) });
        });
      const out: RawReply[] = [];
      for (const c of calls) out.push(await call(c.method, c.args));
      worker.terminate();
      return out;
    },
    { url: url!, calls },
  );
}

describe('accounts: first run', () => {
  it('the default admin must set a password first; then the old one fails and the new one works, also after a relaunch', async () => {
    const context = await browser.newContext();
    const page = await openPage(context, '/admin/users');
    await page.waitForURL(/\/login\?next=%2Fadmin%2Fusers$/);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.waitForURL(/\/change-password\?next=%2Fadmin%2Fusers$/);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();

    // Nothing else opens before the password is changed.
    await page.goto(baseUrl() + '/library');
    await page.waitForURL(/\/change-password\?next=%2Flibrary$/);
    await page.getByLabel('New password').fill('correct horse battery');
    await page.getByLabel('Confirm password').fill('correct horse batterx');
    await page.getByRole('button', { name: 'Save password' }).click();
    await expect(page.getByText('The two passwords do not match.').isVisible()).resolves.toBe(true);
    await page.getByLabel('Confirm password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.waitForURL(/\/library$/);
    await page.getByRole('heading', { name: 'Library' }).waitFor();

    // Not "Stay signed in": a cookie that ends with the browser.
    const cookie = await sessionCookie(context);
    expect(cookie?.expires).toBe(-1);

    await signOutViaMenu(page);
    expect(await sessionCookie(context)).toBeUndefined();
    await signIn(page, ADMIN.email, ADMIN.password);
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Wrong email or password.');

    // A relaunch runs the seed again: the default password must stay dead.
    await page.reload();
    await signIn(page, ADMIN.email, ADMIN.password);
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Wrong email or password.');
    await signIn(page, ADMIN.email, 'correct horse battery');
    await page.waitForURL(/\/library$/);
    await openUserMenu(page);
    await page.getByRole('menu').getByText('Administrator', { exact: true }).first().waitFor();
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  }, 180_000);
});

describe('accounts: admin manages users, a reader is kept out', () => {
  it('an admin adds, resets and deletes users; the new user sees no admin pages and the worker refuses them', async () => {
    const context = await browser.newContext();
    const admin = await openPage(context, '/login');
    const adminPassword = await firstRunAdmin(admin);

    // Admin link → admin area with its sub-navigation → Users.
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Users' }).click();
    await admin.waitForURL(/\/admin\/users$/);
    await admin.getByRole('heading', { name: 'Users' }).waitFor();
    await row(admin, ADMIN.email).waitFor();
    await expect(row(admin, ADMIN.email).getByText('You', { exact: true }).isVisible()).resolves.toBe(true);
    // Nobody deletes their own account: no Delete on one's own row.
    await expect(row(admin, ADMIN.email).getByRole('button', { name: /Delete/ }).count()).resolves.toBe(0);

    // The last admin cannot become a reader: a clear error, and the role stays.
    await admin.getByLabel(`Role of ${ADMIN.email}`).selectOption('user');
    await expect(admin.getByRole('alert').textContent()).resolves.toBe('The last administrator cannot be made a regular user.');
    await expect(admin.getByLabel(`Role of ${ADMIN.email}`).inputValue()).resolves.toBe('admin');

    // Add user: every field's problem at once, from the worker.
    await admin.getByRole('button', { name: 'Add user' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Add user' });
    await dialog.waitFor();
    await dialog.getByLabel('Email').fill('not-an-email');
    await dialog.getByLabel('Password').fill('short');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await dialog.getByText('Enter a valid email address.').waitFor();
    await dialog.getByText('A name is required.').waitFor();
    await dialog.getByText('The password must be at least 8 characters long.').waitFor();
    await expect(dialog.getByLabel('Email').getAttribute('aria-invalid')).resolves.toBe('true');
    await dialog.getByLabel('Email').fill('Bob@Example.org');
    await dialog.getByLabel('Display name').fill('Bob');
    await dialog.getByLabel('Password').fill('bob-first-password');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await admin.getByRole('status').filter({ hasText: 'Bob (bob@example.org) was added as a reader.' }).waitFor();
    await expect(dialog.isVisible()).resolves.toBe(false);
    await expect(admin.getByLabel('Role of bob@example.org').inputValue()).resolves.toBe('user');
    await expect(row(admin, 'bob@example.org').locator('td[data-label="Created"]').textContent()).resolves.toMatch(/\d{4}/);

    // The same email again: refused on the email field. Escape closes the dialog.
    await admin.getByRole('button', { name: 'Add user' }).click();
    await dialog.getByLabel('Email').fill('bob@example.org');
    await dialog.getByLabel('Display name').fill('Bob again');
    await dialog.getByLabel('Password').fill('another-password');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await dialog.getByText('A user with this email already exists.').waitFor();
    await admin.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect(admin.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Add user');

    // Carol, to be deleted: Cancel keeps her, "Delete user" removes her.
    await admin.getByRole('button', { name: 'Add user' }).click();
    await dialog.getByLabel('Email').fill('carol@example.org');
    await dialog.getByLabel('Display name').fill('Carol');
    await dialog.getByLabel('Password').fill('carol-password');
    await dialog.getByLabel('Role').selectOption('admin');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await row(admin, 'carol@example.org').waitFor();
    await expect(admin.getByLabel('Role of carol@example.org').inputValue()).resolves.toBe('admin');
    await admin.getByRole('button', { name: 'Delete carol@example.org' }).click();
    const confirm = admin.getByRole('dialog', { name: 'Delete Carol?' });
    await confirm.getByText('The books stay in the library').waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await expect(row(admin, 'carol@example.org').count()).resolves.toBe(1);
    await admin.getByRole('button', { name: 'Delete carol@example.org' }).click();
    await confirm.getByRole('button', { name: 'Delete user' }).click();
    await admin.getByRole('status').filter({ hasText: 'Carol (carol@example.org) was deleted.' }).waitFor();
    await expect(row(admin, 'carol@example.org').count()).resolves.toBe(0);

    // Reset Bob's password.
    await admin.getByRole('button', { name: 'Reset password of bob@example.org' }).click();
    const reset = admin.getByRole('dialog', { name: 'Reset password of Bob' });
    await reset.getByLabel('New password').fill('short');
    await reset.getByRole('button', { name: 'Reset password' }).click();
    await reset.getByText('The password must be at least 8 characters long.').waitFor();
    await reset.getByLabel('New password').fill('bob-second-password');
    await reset.getByRole('button', { name: 'Reset password' }).click();
    await admin.getByRole('status').filter({ hasText: 'The password of Bob was reset.' }).waitFor();

    // The admin signs out. Bob then signs in with no cookie left, like a fresh browser on this
    // profile (a new Playwright context would have its own, empty OPFS: another library).
    await signOutViaMenu(admin);
    await context.clearCookies();
    const bob = await openPage(context, '/admin/users');
    await bob.waitForURL(/\/login\?next=%2Fadmin%2Fusers$/);
    await signIn(bob, 'bob@example.org', 'bob-first-password');
    await expect(bob.getByRole('alert').textContent()).resolves.toBe('Wrong email or password.');
    await signIn(bob, 'bob@example.org', 'bob-second-password');
    // Back to the page asked for, which a reader may not open.
    await bob.waitForURL(/\/admin\/users$/);
    await bob.getByRole('heading', { name: 'Not allowed' }).waitFor();
    await expect(bob.getByRole('table').count()).resolves.toBe(0);
    await expect(bob.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).resolves.toBe(0);
    await expect(bob.getByRole('navigation', { name: 'Administration' }).count()).resolves.toBe(0);
    await bob.goto(baseUrl() + '/admin/anything');
    await bob.getByRole('heading', { name: 'Not allowed' }).waitFor();
    await openUserMenu(bob);
    await bob.getByRole('menu').getByText('Reader', { exact: true }).waitFor();

    // Whatever the UI shows, the worker itself refuses Bob's session.
    const replies = await callWorkerDirectly(bob, [
      { method: 'whoAmI', args: [] },
      { method: 'listUsers', args: [] },
      { method: 'createUser', args: [{ email: 'mallory@example.org', displayName: 'M', password: 'mallory-password', role: 'admin' }] },
      { method: 'setUserRole', args: ['1', 'user'] },
      { method: 'deleteUser', args: ['1'] },
    ]);
    expect(replies[0]).toMatchObject({ ok: true, value: { user: { email: 'bob@example.org', role: 'user' } } });
    for (const r of replies.slice(1)) expect(r).toEqual({ ok: false, code: 'FORBIDDEN', message: 'Only an administrator can do this.' });

    // And without any session at all.
    await context.clearCookies();
    const [anon] = await callWorkerDirectly(bob, [{ method: 'listUsers', args: [] }]);
    expect(anon).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });

    // The admin, signing back in, finds nothing changed by Bob's attempts.
    await admin.goto(baseUrl() + '/admin/users');
    await signIn(admin, ADMIN.email, adminPassword);
    await admin.waitForURL(/\/admin\/users$/);
    await row(admin, 'bob@example.org').waitFor();
    await expect(admin.locator('tr[data-testid="user-row"]').count()).resolves.toBe(2);
    await expect(admin.getByLabel(`Role of ${ADMIN.email}`).inputValue()).resolves.toBe('admin');
    expect([...pageErrors(admin), ...pageErrors(bob)]).toEqual([]);
    await context.close();
  }, 180_000);

  it('an admin page left open in a tab fails with "Not allowed" once a reader has signed in in the browser', async () => {
    const context = await browser.newContext();
    await seedLibrary(context, { users: [{ email: 'ann@example.org', password: 'ann-password', displayName: 'Ann', role: 'user' }] });
    const adminTab = await openPage(context, '/admin/users');
    await signIn(adminTab, ADMIN.email, 'admin-password-1');
    await row(adminTab, 'ann@example.org').waitFor();

    // Someone else signs out the admin and signs in as Ann, in another tab of this browser.
    const other = await openPage(context, '/library');
    await signOutViaMenu(other);
    await signIn(other, 'ann@example.org', 'ann-password');
    await other.waitForURL(/\/library$/);

    // The stale admin tab still shows the admin page; its next call carries Ann's session.
    await adminTab.getByRole('button', { name: 'Add user' }).click();
    const dialog = adminTab.getByRole('dialog', { name: 'Add user' });
    await dialog.getByLabel('Email').fill('eve@example.org');
    await dialog.getByLabel('Display name').fill('Eve');
    await dialog.getByLabel('Password').fill('eve-password');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await adminTab.getByRole('heading', { name: 'Not allowed' }).waitFor();
    // The menu of that tab now knows who is signed in.
    await adminTab.getByRole('button', { name: 'Account menu of Ann' }).waitFor();
    await expect(adminTab.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).resolves.toBe(0);

    await signOutViaMenu(other);
    await signIn(other, ADMIN.email, 'admin-password-1');
    // Let the sign-in finish (bcrypt in the worker) before leaving the page.
    await other.waitForURL(/\/library$/);
    await other.goto(baseUrl() + '/admin/users');
    await row(other, 'ann@example.org').waitFor();
    await expect(row(other, 'eve@example.org').count()).resolves.toBe(0);
    await context.close();
  }, 180_000);
});

describe('accounts: sign-in', () => {
  it('after five failures the wait is shown and counts down; "Stay signed in" gives a 30-day cookie', async () => {
    const context = await browser.newContext();
    await seedLibrary(context, { users: [{ email: 'dee@example.org', password: 'dee-password', displayName: 'Dee', role: 'user' }] });
    const page = await openPage(context, '/login');
    for (let i = 1; i <= 4; i++) {
      await signIn(page, 'dee@example.org', `wrong ${i}`);
      await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
      await expect(page.getByRole('button', { name: 'Sign in' }).isEnabled()).resolves.toBe(true);
    }
    await signIn(page, 'dee@example.org', 'wrong 5');
    const wait = page.getByTestId('sign-in-wait');
    await wait.waitFor();
    expect(await wait.textContent()).toMatch(/^Try again in [45] seconds\.$/);
    await expect(page.getByRole('button', { name: 'Sign in' }).isDisabled()).resolves.toBe(true);
    // It counts down...
    await page.waitForFunction(() => /in [1-3] seconds?\./.test(document.querySelector('[data-testid="sign-in-wait"]')?.textContent ?? ''));
    // ...then lets the user try again, and the right password works.
    await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':enabled')).waitFor({ timeout: 10_000 });
    await expect(wait.count()).resolves.toBe(0);
    await page.getByLabel('Password', { exact: true }).fill('dee-password');
    await page.getByLabel('Stay signed in').check();
    await page.getByText('You stay signed in on this device for 30 days.').waitFor();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/library$/);
    const cookie = await sessionCookie(context);
    const days = (cookie!.expires - Date.now() / 1000) / 86400;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect(cookie).toMatchObject({ sameSite: 'Strict', path: '/' });
    await context.close();
  }, 180_000);

  it('a session without "Stay signed in" ends when the browser closes; with it, it survives a restart', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'alex-profile-'));
    const open = () => chromium.launchPersistentContext(profile, { executablePath: chromePath(), headless: true, args: CHROME_ARGS });
    try {
      let context = await open();
      await seedLibrary(context, { users: [{ email: 'eli@example.org', password: 'eli-password', displayName: 'Eli', role: 'user' }] });
      let page = await openPage(context, '/library');
      await signIn(page, 'eli@example.org', 'eli-password');
      await page.waitForURL(/\/library$/);
      await context.close();

      context = await open();
      page = await openPage(context, '/library');
      await page.waitForURL(/\/login\?next=%2Flibrary$/);
      await signIn(page, 'eli@example.org', 'eli-password', true);
      await page.waitForURL(/\/library$/);
      await context.close();

      context = await open();
      page = await openPage(context, '/settings');
      await page.getByRole('heading', { name: 'Account settings' }).waitFor();
      await expect(page.getByTestId('own-email').textContent()).resolves.toBe('eli@example.org');
      await context.close();
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }, 240_000);
});

describe('accounts: own settings', () => {
  it('a user changes their display name and, with the current password, their password', async () => {
    const context = await browser.newContext();
    await seedLibrary(context, { users: [{ email: 'fay@example.org', password: 'fay-password', displayName: 'Fay', role: 'user' }] });
    const page = await openPage(context, '/settings');
    await signIn(page, 'fay@example.org', 'fay-password');
    await page.waitForURL(/\/settings$/);
    await page.getByRole('heading', { name: 'Account settings' }).waitFor();

    await page.getByLabel('Display name').fill('   ');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('A name is required.').waitFor();
    await page.getByLabel('Display name').fill('Fay Reader');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('status').filter({ hasText: 'Your name was saved.' }).waitFor();
    await page.getByRole('button', { name: 'Account menu of Fay Reader' }).waitFor();

    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill('fay-new-password');
    await page.getByLabel('Confirm new password').fill('fay-new-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('The current password is wrong.').waitFor();
    await page.getByLabel('Current password').fill('fay-password');
    await page.getByLabel('Confirm new password').fill('fay-new-passwor');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('The two new passwords do not match.').waitFor();
    await page.getByLabel('Confirm new password').fill('fay-new-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your password was changed.' }).waitFor();
    await expect(page.getByLabel('Current password').inputValue()).resolves.toBe('');

    await signOutViaMenu(page);
    await signIn(page, 'fay@example.org', 'fay-password');
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Wrong email or password.');
    await signIn(page, 'fay@example.org', 'fay-new-password');
    await page.waitForURL(/\/library$/);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  }, 180_000);
});
