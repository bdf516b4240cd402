import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { testConfig } from '../helpers/app';
import { createUser } from '../helpers/auth';
import { clearDatabase } from '../helpers/hooks';
import { createLogger } from '../../src/lib/logger';
import { runMigrations, type Migration } from '../../src/lib/migrations';
import { MIGRATIONS } from '../../src/migrations';
import { prepareDatabase } from '../../src/startup';

const logger = createLogger('silent');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every collection operation mongoose sends on the default connection while `fn` runs. */
async function operationsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  mongoose.connection.set('debug', (collection: string, method: string) => {
    seen.push(`${collection}.${method}`);
  });
  try {
    await fn();
  } finally {
    mongoose.connection.set('debug', undefined);
  }
  return seen;
}

describe('migrations runner', () => {
  beforeEach(clearDatabase);

  it('when two processes start together, then one runs a migration and the other waits for it to be applied', async () => {
    let runs = 0;
    const events: string[] = [];
    const slow: Migration<null> = {
      id: '0001-slow-change',
      description: 'a change that takes a moment',
      async up() {
        runs += 1;
        events.push('started');
        await sleep(300);
        events.push('finished');
      },
    };
    const [first, second] = await Promise.all([
      runMigrations(mongoose.connection, [slow], null, { logger, pollMs: 20 }).then((ran) => {
        events.push('a done');
        return ran;
      }),
      runMigrations(mongoose.connection, [slow], null, { logger, pollMs: 20 }).then((ran) => {
        events.push('b done');
        return ran;
      }),
    ]);
    assert.equal(runs, 1);
    assert.deepEqual([...first, ...second], ['0001-slow-change']);
    // Neither start goes on before the change is applied.
    assert.equal(events.indexOf('finished'), 1);
  });

  it('when a migration fails, then its lock goes, the start fails, and the next start runs it again', async () => {
    let attempts = 0;
    const flaky: Migration<null> = {
      id: '0002-flaky',
      description: 'fails once',
      async up() {
        attempts += 1;
        if (attempts === 1) throw new Error('disk full');
      },
    };
    await assert.rejects(
      runMigrations(mongoose.connection, [flaky], null, { logger }),
      /disk full/,
    );
    assert.equal(await mongoose.connection.collection('migrations').countDocuments(), 0);
    assert.deepEqual(await runMigrations(mongoose.connection, [flaky], null, { logger }), [
      '0002-flaky',
    ]);
    assert.equal(attempts, 2);
  });

  it('when migrations are numbered twice or badly, then nothing runs', async () => {
    const up = async () => undefined;
    await assert.rejects(
      runMigrations(
        mongoose.connection,
        [
          { id: '0001-a', description: 'a', up },
          { id: '0001-a', description: 'b', up },
        ],
        null,
        { logger },
      ),
      /two migrations are numbered 0001-a/,
    );
    await assert.rejects(
      runMigrations(mongoose.connection, [{ id: 'fix', description: 'c', up }], null, { logger }),
      /not like 0001-what-it-does/,
    );
    assert.equal(await mongoose.connection.collection('migrations').countDocuments(), 0);
  });

  it('when every migration is recorded, then a start reads no kits (its work does not grow with the data)', async () => {
    const config = testConfig({ seedOnEmpty: false });
    await createUser({ role: 'admin' });
    const first = await operationsDuring(() => prepareDatabase(config, logger));
    // The first start on this database runs 0001, which reads the kits.
    assert.ok(first.includes('kits.find'), first.join(' '));
    const second = await operationsDuring(() => prepareDatabase(config, logger));
    assert.deepEqual(
      second.filter((op) => op.startsWith('kits.') && !/index/i.test(op)),
      [],
    );
    assert.ok(second.includes('migrations.find'), second.join(' '));
    assert.equal(MIGRATIONS.length, 1);
  });
});
