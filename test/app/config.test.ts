import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config';

describe('config', () => {
  it('when nothing is set, then safe defaults let the app start', () => {
    const config = loadConfig({});
    assert.equal(config.env, 'development');
    assert.equal(config.port, 3000);
    assert.equal(config.publicBaseUrl, 'http://localhost:3000');
    assert.equal(config.database.dbPath, './data/db');
    assert.equal(config.database.uri, undefined);
    assert.ok(config.sessionSecret.length >= 32);
  });

  it('when a value has the wrong type, then start-up fails naming the key', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /PORT/);
        return true;
      },
    );
    assert.throws(() => loadConfig({ MONGODB_URI: 'postgres://x' }), /MONGODB_URI/);
  });

  it('when production has no session secret, then start-up fails', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /SESSION_SECRET/);
  });

  it('when only one of ADMIN_EMAIL and ADMIN_PASSWORD is set, then start-up fails', () => {
    assert.throws(() => loadConfig({ ADMIN_EMAIL: 'a@example.org' }), /ADMIN_EMAIL/);
  });

  it('when the public base URL ends with a slash, then links are built without a double slash', () => {
    assert.equal(
      loadConfig({ PUBLIC_BASE_URL: 'https://fk.example.org/' }).publicBaseUrl,
      'https://fk.example.org',
    );
  });
});
