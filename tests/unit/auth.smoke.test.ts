import { expect, it } from 'vitest';
import { makeTestApi } from './testApi';

it('the test API signs the admin in through the real handlers', async () => {
  const t = await makeTestApi();
  const token = await t.adminToken();
  const me = await t.api.whoAmI(token);
  expect(me).toMatchObject({ user: { id: '1', role: 'admin' }, mustChangePassword: false });
});
