import assert from 'node:assert/strict';
import { hashPassword, verifyPassword } from '../../../src/components/auth/password';
import { ConfigError, loadConfig, PRODUCTION_PASSWORD_HASH_COST } from '../../../src/config';
import { testConfig } from '../../helpers/app';

/** The production configuration, as main.ts loads it: this file hashes at production cost. */
const production = loadConfig({
  NODE_ENV: 'production',
  SESSION_SECRET: 'production-secret-production-secret-0123',
}).passwordHash;

describe('auth: password hashing', () => {
  it('when production is configured, then passwords hash at the production cost (2^16) and refuse less', () => {
    assert.equal(PRODUCTION_PASSWORD_HASH_COST, 16);
    assert.deepEqual(production, { cost: 16 });
    assert.deepEqual(loadConfig({}).passwordHash, { cost: 16 }, 'the default everywhere');
    assert.throws(
      () =>
        loadConfig({
          NODE_ENV: 'production',
          SESSION_SECRET: 'production-secret-production-secret-0123',
          PASSWORD_HASH_COST: '10',
        }),
      (err) => err instanceof ConfigError && /PASSWORD_HASH_COST/.test(err.message),
    );
  });

  it('when a password is hashed, then the hash is scrypt with its parameters and a per-user salt', async () => {
    const a = await hashPassword('correct horse battery staple', production);
    const b = await hashPassword('correct horse battery staple', production);
    assert.match(a, /^scrypt\$65536\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    assert.notEqual(a, b, 'salted');
    assert.equal(await verifyPassword('correct horse battery staple', a, production), true);
    assert.equal(await verifyPassword('correct horse battery stapl', a, production), false);
  });

  it('when a hash was made at another cost, then it verifies by the parameters it carries', async () => {
    const cheap = testConfig().passwordHash;
    assert.ok(cheap.cost < PRODUCTION_PASSWORD_HASH_COST, 'tests hash cheaply');
    const hash = await hashPassword('correct horse battery staple', cheap);
    assert.match(hash, new RegExp(`^scrypt\\$${2 ** cheap.cost}\\$8\\$1\\$`));
    assert.equal(await verifyPassword('correct horse battery staple', hash, production), true);
    assert.equal(await verifyPassword('correct horse battery stapl', hash, production), false);
  });

  it('when there is no stored hash or it is malformed, then verification fails without throwing', async () => {
    assert.equal(await verifyPassword('anything', undefined, production), false);
    assert.equal(await verifyPassword('anything', 'scrypt$x$y', production), false);
  });
});
