import assert from 'node:assert/strict';
import type { Express } from 'express';
import mongoose from 'mongoose';
import request from 'supertest';
import { findOutboxMessages } from '../../../src/components/mail';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { clearDatabase } from '../../helpers/hooks';

const admin = () => mongoose.connection.db!.admin();
const count = (collection: string) =>
  mongoose.connection.db!.collection(collection).countDocuments();

async function failPointsAvailable(): Promise<boolean> {
  try {
    await admin().command({ configureFailPoint: 'failCommand', mode: 'off' });
    return true;
  } catch {
    return false;
  }
}

describe('kits: a hand-out and its receipt commit together (transactional outbox)', function () {
  this.timeout(60_000);
  let app: Express;
  let staff: Record<string, string>;
  let kitId: string;
  before(async function () {
    if (!(await failPointsAvailable())) this.skip();
    ({ app } = await buildTestApp());
  });
  beforeEach(async () => {
    await clearDatabase();
    const { authHeader: comms } = await signInAs(app, 'admin');
    ({ authHeader: staff } = await signInAs(app, 'admin'));
    const type = await request(app)
      .post('/api/kit-types')
      .set(comms)
      .send({ name: 'Dominoes', serialPrefix: 'DOM' })
      .expect(201);
    const kits = await request(app)
      .post(`/api/kit-types/${type.body.id as string}/kits`)
      .set(comms)
      .send({ count: 1 })
      .expect(201);
    kitId = (kits.body.items as { id: string }[])[0]!.id;
  });
  afterEach(async () => {
    await admin().command({ configureFailPoint: 'failCommand', mode: 'off' });
  });

  const handOut = () =>
    request(app)
      .post('/api/hand-outs')
      .set(staff)
      .send({
        code: 'DOM-0001',
        clientId: 'hand-out-txn-0001',
        recipient: { name: 'Ona Test', city: 'Testville', email: 'ona@example.org' },
        consents: { followUp: true, newsletter: false },
      });

  const stored = async () => ({
    handOuts: await count('kitHandOuts'),
    recipients: await count('kitRecipients'),
    claimLinks: await count('kitClaimLinks'),
    receipts: (await findOutboxMessages({ template: 'kit-receipt' })).length,
  });

  it('when queuing the receipt fails after the hand-out, then neither is stored and the kit stays in stock; the retry stores both exactly once', async () => {
    // Inside the hand-out's transaction: recipient, hand-out, claim link, then the receipt.
    await admin().command({
      configureFailPoint: 'failCommand',
      mode: { skip: 3, times: 1 },
      data: { failCommands: ['insert'], errorCode: 2 },
    });
    const failed = await handOut();
    assert.equal(failed.status, 500);
    assert.deepEqual(await stored(), { handOuts: 0, recipients: 0, claimLinks: 0, receipts: 0 });
    const kit = await request(app).get(`/api/kits/${kitId}`).set(staff).expect(200);
    assert.equal(kit.body.status, 'in-stock');

    const retry = await handOut().expect(201);
    assert.equal(retry.body.serial, 'DOM-0001');
    await handOut().expect(200);
    assert.deepEqual(await stored(), { handOuts: 1, recipients: 1, claimLinks: 1, receipts: 1 });
    const [receipt] = await findOutboxMessages({ template: 'kit-receipt' });
    assert.equal(receipt!.to, 'ona@example.org');
    assert.match(receipt!.text, /DOM-0001/);
  });

  it('when the hand-out itself fails, then no receipt is queued; the retry hands out and queues one', async () => {
    await admin().command({
      configureFailPoint: 'failCommand',
      mode: { skip: 1, times: 1 },
      data: { failCommands: ['insert'], errorCode: 2 },
    });
    assert.equal((await handOut()).status, 500);
    assert.deepEqual(await stored(), { handOuts: 0, recipients: 0, claimLinks: 0, receipts: 0 });
    await handOut().expect(201);
    assert.deepEqual(await stored(), { handOuts: 1, recipients: 1, claimLinks: 1, receipts: 1 });
  });
});
