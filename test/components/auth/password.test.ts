import assert from 'node:assert/strict';
import { hashPassword, verifyPassword } from '../../../src/components/auth/password';

describe('auth: password hashing', () => {
  it('when a password is hashed, then the hash is scrypt with its parameters and a per-user salt', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    assert.match(a, /^scrypt\$65536\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    assert.notEqual(a, b, 'salted');
    assert.equal(await verifyPassword('correct horse battery staple', a), true);
    assert.equal(await verifyPassword('correct horse battery stapl', a), false);
  });

  it('when there is no stored hash or it is malformed, then verification fails without throwing', async () => {
    assert.equal(await verifyPassword('anything', undefined), false);
    assert.equal(await verifyPassword('anything', 'scrypt$x$y'), false);
  });
});
