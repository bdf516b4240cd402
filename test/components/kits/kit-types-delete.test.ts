import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { KitTypeModel } from '../../../src/components/kits/kit-type.model';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildProject } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';

/**
 * A kit type is deleted only while nothing refers to it: its kits (and batches,
 * hand-outs, play reports) are the stock and its history. Who may delete it is who
 * may change it: admins and the comms users of its project.
 */
describe('kits: deleting a kit type', function () {
  this.timeout(60_000);
  let app: Express;
  let admin: Record<string, string>;
  let ownComms: Record<string, string>;
  let projectId: string;

  before(async () => {
    ({ app } = await buildTestApp());
  });

  beforeEach(async () => {
    await clearDatabase();
    ({ authHeader: admin } = await signInAs(app, 'admin'));
    projectId = (await buildProject()).id;
    ({ authHeader: ownComms } = await signInAs(app, 'comms', { projectIds: [projectId] }));
  });

  async function kitType(serialPrefix = 'DOM'): Promise<string> {
    const res = await request(app)
      .post('/api/kit-types')
      .set(admin)
      .send({ name: 'Dominoes', serialPrefix, projectId })
      .expect(201);
    return res.body.id as string;
  }

  it('when kits of the type exist, then the delete is 409 still_referenced naming the kits with a link; the type stays', async () => {
    const id = await kitType();
    await request(app).post(`/api/kit-types/${id}/kits`).set(admin).send({ count: 3 }).expect(201);
    const res = await request(app).delete(`/api/kit-types/${id}`).set(ownComms).expect(409);
    assert.equal(res.body.code, 'still_referenced');
    assert.deepEqual(res.body.references, [
      { kind: 'kit', count: 3, label: 'Kits', href: `/api/kits?kitTypeId=${id}` },
    ]);
    assert.match(res.body.detail, /3 × Kits/);
    assert.equal(await KitTypeModel.countDocuments({ _id: id }), 1);
  });

  it('when a batch of the type exists, then the delete is 409 naming the batches', async () => {
    const id = await kitType();
    await request(app)
      .post('/api/kit-batches')
      .set(admin)
      .send({ kitTypeId: id, label: 'Boxes', quantity: 5 })
      .expect(201);
    const res = await request(app).delete(`/api/kit-types/${id}`).set(admin).expect(409);
    assert.deepEqual(res.body.references, [
      {
        kind: 'kit-batch',
        count: 1,
        label: 'Kit batches',
        href: `/api/kit-batches?kitTypeId=${id}`,
      },
    ]);
  });

  it('when nothing refers to the type, then its project’s comms user deletes it: 204, and it is gone', async () => {
    const id = await kitType();
    const kept = await kitType('KEEP');
    await request(app).delete(`/api/kit-types/${id}`).set(ownComms).expect(204);
    await request(app).get(`/api/kit-types/${id}`).set(admin).expect(404);
    assert.equal(await KitTypeModel.countDocuments({ _id: id }), 0);
    await request(app).get(`/api/kit-types/${kept}`).set(admin).expect(200);
    await request(app).delete(`/api/kit-types/${id}`).set(admin).expect(404);
  });

  it('when a comms user of another project deletes it, then 403 and the type stays', async () => {
    const id = await kitType();
    const other = await buildProject();
    const { authHeader } = await signInAs(app, 'comms', { projectIds: [other.id] });
    await request(app).delete(`/api/kit-types/${id}`).set(authHeader).expect(403);
    assert.equal(await KitTypeModel.countDocuments({ _id: id }), 1);
  });

  it('when nobody is signed in, then 401 and the type stays', async () => {
    const id = await kitType();
    const res = await request(app).delete(`/api/kit-types/${id}`).expect(401);
    assert.ok(res.body.code);
    assert.equal(await KitTypeModel.countDocuments({ _id: id }), 1);
  });

  it('when the id is malformed or unknown, then 404', async () => {
    const malformed = await request(app).delete('/api/kit-types/not-an-id').set(admin).expect(404);
    assert.ok(malformed.body.code);
    const unknown = await request(app)
      .delete('/api/kit-types/0123456789abcdef01234567')
      .set(admin)
      .expect(404);
    assert.equal(unknown.body.code, 'kit_type_not_found');
  });
});
