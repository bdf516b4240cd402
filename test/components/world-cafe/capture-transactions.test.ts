import assert from 'node:assert/strict';
import type { Express } from 'express';
import mongoose from 'mongoose';
import request from 'supertest';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildWorldCafeTable } from '../../helpers/factories/world-cafe';
import { clearDatabase } from '../../helpers/hooks';

const admin = () => mongoose.connection.db!.admin();
const count = (collection: string) =>
  mongoose.connection.db!.collection(collection).countDocuments();

/**
 * The next `insert` commands after `skip` of them fail once (the engine's failCommand
 * fail point, as mongod with enableTestCommands): a failure between two writes of one
 * request. Error 2 (BadValue) is not transient, so no retry hides it.
 */
async function failInsert(skip: number): Promise<void> {
  await admin().command({
    configureFailPoint: 'failCommand',
    mode: { skip, times: 1 },
    data: { failCommands: ['insert'], errorCode: 2 },
  });
}

async function failPointsAvailable(): Promise<boolean> {
  try {
    await admin().command({ configureFailPoint: 'failCommand', mode: 'off' });
    return true;
  } catch {
    return false;
  }
}

describe('world café: a capture and its live-wall change commit together', function () {
  this.timeout(60_000);
  let app: Express;
  let key: Record<string, string>;
  let tableId: string;
  before(async function () {
    if (!(await failPointsAvailable())) this.skip();
    ({ app } = await buildTestApp());
  });
  beforeEach(async () => {
    await clearDatabase();
    const { authHeader } = await signInAs(app, 'admin');
    tableId = (await buildWorldCafeTable()).id;
    const link = await request(app)
      .post(`/api/world-cafe/tables/${tableId}/capture-links`)
      .set(authHeader)
      .send({})
      .expect(201);
    key = { Authorization: `Bearer ${(link.body as { key: string }).key}` };
  });
  afterEach(async () => {
    await admin().command({ configureFailPoint: 'failCommand', mode: 'off' });
  });

  it('when the change record fails after the note, then neither is stored, and the retry stores both exactly once', async () => {
    const put = () =>
      request(app)
        .put(`/api/world-cafe/tables/${tableId}/notes/note-txn-00001`)
        .set(key)
        .send({ text: 'Shade on every school yard' });
    await failInsert(1); // the note's insert passes, the change record's fails
    const failed = await put();
    assert.equal(failed.status, 500);
    assert.deepEqual([await count('worldcafenotes'), await count('worldcafechanges')], [0, 0]);

    const retry = await put().expect(201);
    assert.equal(retry.body.text, 'Shade on every school yard');
    await put().expect(200);
    assert.deepEqual([await count('worldcafenotes'), await count('worldcafechanges')], [1, 1]);
    const change = await mongoose.connection.db!.collection('worldcafechanges').findOne();
    assert.equal(change!.kind, 'note');
    assert.equal((change!.data as { note: { id: string } }).note.id, retry.body.id);
  });

  it('when the note itself fails, then nothing is stored and the retry stores the note with its change', async () => {
    const put = () =>
      request(app)
        .put(`/api/world-cafe/tables/${tableId}/notes/note-txn-00002`)
        .set(key)
        .send({ text: 'Ask the schools first' });
    await failInsert(0);
    assert.equal((await put()).status, 500);
    assert.deepEqual([await count('worldcafenotes'), await count('worldcafechanges')], [0, 0]);
    await put().expect(201);
    assert.deepEqual([await count('worldcafenotes'), await count('worldcafechanges')], [1, 1]);
  });

  it('when the change record of a quote or a dot fails, then neither is stored, and the retry stores both once', async () => {
    const quote = () =>
      request(app)
        .put(`/api/world-cafe/tables/${tableId}/quotes/quote-txn-0001`)
        .set(key)
        .send({ text: 'Water is a neighbour', consent: true });
    await failInsert(1);
    assert.equal((await quote()).status, 500);
    assert.deepEqual([await count('worldcafequotes'), await count('worldcafechanges')], [0, 0]);
    await quote().expect(201);
    assert.deepEqual([await count('worldcafequotes'), await count('worldcafechanges')], [1, 1]);

    await request(app)
      .put(`/api/world-cafe/tables/${tableId}/notes/note-txn-00003`)
      .set(key)
      .send({ text: 'A note to dot' })
      .expect(201);
    const dot = () =>
      request(app)
        .put(`/api/world-cafe/tables/${tableId}/dots/dot-txn-000001`)
        .set(key)
        .send({ noteId: 'note-txn-00003' });
    await failInsert(1);
    assert.equal((await dot()).status, 500);
    assert.equal(await count('worldcafevotes'), 0);
    assert.equal(await count('worldcafechanges'), 2);
    assert.deepEqual((await dot().expect(201)).body, { noteId: 'note-txn-00003', dots: 1 });
    await dot().expect(200);
    assert.deepEqual([await count('worldcafevotes'), await count('worldcafechanges')], [1, 3]);
  });
});
