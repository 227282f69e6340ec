import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromePath(): string {
  return process.env.CHROME_PATH ?? '/usr/bin/chromium';
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: chromePath(), headless: true, args: CHROME_ARGS });
}

export function baseUrl(): string {
  return inject('baseUrl');
}

/** A page that fails the test on uncaught errors and keeps console errors for the message. */
export async function openPage(context: BrowserContext, path = '/'): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  (page as Page & { errors: string[] }).errors = errors;
  await page.goto(baseUrl() + path);
  return page;
}

export function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? [];
}

export const ADMIN = { email: 'admin@localhost', password: 'admin123' };

export async function signIn(page: Page, email: string, password: string, stay = false) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  if (stay) await page.getByLabel('Stay signed in').check();
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** First run: sign in as the default admin and replace the default password. */
export async function firstRunAdmin(page: Page, newPassword = 'correct horse battery') {
  await page.goto(baseUrl() + '/login');
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByLabel('New password').fill(newPassword);
  await page.getByLabel('Confirm password').fill(newPassword);
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.waitForURL(/\/library/);
  return newPassword;
}
