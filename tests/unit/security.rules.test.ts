import { describe, expect, it } from 'vitest';
import { engines } from './engines';
import { makeTestApi } from './testApi';
import { safeNext } from '../../src/app/safeNext';
import { cookieAttributes } from '../../src/data/session';
import { isCoverPath } from '../../src/domain/coverPath';
import { isAllowedEndpoint } from '../../src/db/handlers/s3';
import { getUserById } from '../../src/db/queries/users';
import { isAppError } from '../../src/domain/errors';
import { DEFAULT_ADMIN } from '../../src/domain/types';
import { DEFAULT_S3_CONFIG } from '../../src/db/api';

async function errorOf(p: Promise<unknown>) {
  return p.then(() => null, (e: unknown) => e);
}

const HASH = 'a'.repeat(64);

describe('sign-in next parameter', () => {
  it('never leads to another host, even after the path is normalised', () => {
    for (const next of ['//evil.example', '/\\evil.example', '/.//evil.example', '/a/..//evil.example', '/./\u0009/evil.example'])
      expect(safeNext(next), next).toBe('/library');
    expect(safeNext('/collections/x?tab=1#top')).toBe('/collections/x?tab=1#top');
  });
});

describe('session cookie', () => {
  it('is Secure on https and stays usable on a local http preview', () => {
    expect(cookieAttributes('https:')).toMatch(/; secure$/);
    expect(cookieAttributes('http:')).not.toMatch(/secure/);
    expect(cookieAttributes('https:')).toMatch(/samesite=strict/);
  });
});

describe('cover paths', () => {
  it('accepts only covers/<sha256>.<ext>', () => {
    expect(isCoverPath(`covers/${HASH}.webp`)).toBe(true);
    expect(isCoverPath(`covers/${HASH}.jpg`)).toBe(true);
    for (const p of ['imported', 'covers', 'covers/', `covers/../imported/${HASH}.webp`, `offline/${HASH}.webp`, `covers/${HASH}.webp/x`, `covers/${HASH.toUpperCase()}.webp`, `covers/${HASH}.svg`, 42])
      expect(isCoverPath(p), String(p)).toBe(false);
  });
});

describe('S3 endpoint', () => {
  it('accepts plain http only for a server on this computer', () => {
    for (const ok of ['https://s3.example.com', 'http://127.0.0.1:4568', 'http://localhost:9000'])
      expect(isAllowedEndpoint(ok), ok).toBe(true);
    for (const bad of ['http://s3.example.com', 'http://127.0.0.1.evil.example', 'http://localhost.evil.example', 'ftp://x', 'http://user:pw@127.0.0.1', 'http://[::1]:9000'])
      expect(isAllowedEndpoint(bad), bad).toBe(false);
  });

  it('is refused by the worker when it would send the keys in clear', async () => {
    const t = await makeTestApi();
    const admin = await t.adminToken();
    const e = await errorOf(t.api.setS3Source(admin, { ...DEFAULT_S3_CONFIG, bucket: 'b', endpoint: 'http://s3.example.com' }));
    expect(isAppError(e, 'INVALID_INPUT')).toBe(true);
  });
});

describe.each(engines)('identity checks compare plain strings ($name)', (engine) => {
  it('an admin cannot delete their own account by passing their id as a number', async () => {
    const t = await makeTestApi(engine);
    const admin = await t.adminToken();
    await t.api.createUser(admin, { email: 'second@example.org', displayName: 'Second', password: 'second-password', role: 'admin' });
    const e = await errorOf(t.api.deleteUser(admin, 1 as unknown as string));
    expect(isAppError(e, 'INVALID_INPUT')).toBe(true);
    expect(await getUserById(t.db, DEFAULT_ADMIN.id)).toBeTruthy();
  });

  it('the default password passed as an array does not skip the forced password change', async () => {
    const t = await makeTestApi(engine);
    const e = await errorOf(t.api.signIn(DEFAULT_ADMIN.email, [DEFAULT_ADMIN.password] as unknown as string, false));
    expect(isAppError(e, 'UNAUTHENTICATED')).toBe(true);
  });

  it('a token that is not a string is no session', async () => {
    const t = await makeTestApi(engine);
    const admin = await t.adminToken();
    expect(isAppError(await errorOf(t.api.listUsers([admin] as unknown as string)), 'UNAUTHENTICATED')).toBe(true);
  });
});
