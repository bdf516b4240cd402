import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { KitBatchModel } from '../../../src/components/kits/batch.model';
import { HandOutModel } from '../../../src/components/kits/hand-out.model';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildEvent, buildProject } from '../../helpers/factories/events';
import { buildResource } from '../../helpers/factories/qr';
import { clearDatabase } from '../../helpers/hooks';

type Referrer = { kind: string; count: number; label: string; href?: string };

/**
 * Kits hold a kit type's project and resource (the game's registry page), and a
 * batch's and a hand-out's event: deleting one of those is refused while a kit
 * record refers to it. Batches and hand-outs are never deleted (they are the stock
 * and its history; a kit type only once none of them exist, kit-types-delete.test.ts),
 * so the test lets go of the reference by changing it, or by removing the record in
 * the database as an administrator would.
 */
describe('kits: references kits hold', () => {
  let app: Express;
  let admin: Record<string, string>;

  before(async () => {
    app = (await buildTestApp()).app;
  });

  beforeEach(async () => {
    await clearDatabase();
    admin = (await signInAs(app, 'admin')).authHeader;
  });

  async function refusedWith(path: string): Promise<Referrer[]> {
    const res = await request(app).delete(path).set(admin).expect(409);
    assert.equal(res.body.code, 'still_referenced');
    return res.body.references;
  }

  async function kitType(fields: { projectId?: string; resourceId?: string }) {
    const res = await request(app)
      .post('/api/kit-types')
      .set(admin)
      .send({ name: 'Dominoes', serialPrefix: 'DOM', ...fields })
      .expect(201);
    return res.body as { id: string };
  }

  it('when a kit type belongs to a project, then deleting the project is 409 naming the kit types; moved to another, 204', async () => {
    const project = await buildProject();
    const type = await kitType({ projectId: project.id });
    assert.deepEqual(await refusedWith(`/api/projects/${project.id}`), [
      { kind: 'kit-type', count: 1, label: 'Kit types', href: '/kits' },
    ]);
    const other = await buildProject();
    await request(app)
      .patch(`/api/kit-types/${type.id}`)
      .set(admin)
      .send({ projectId: other.id })
      .expect(200);
    await request(app).delete(`/api/projects/${project.id}`).set(admin).expect(204);
  });

  it('when a kit type’s game page is a registry resource, then deleting the resource is 409 naming the kit type; pointed elsewhere, 204', async () => {
    const resource = await buildResource();
    const type = await kitType({ resourceId: resource.id });
    assert.deepEqual(await refusedWith(`/api/resources/${resource.id}`), [
      { kind: 'kit-type', count: 1, label: 'Kit types', href: '/kits' },
    ]);
    const other = await buildResource();
    await request(app)
      .patch(`/api/kit-types/${type.id}`)
      .set(admin)
      .send({ resourceId: other.id })
      .expect(200);
    await request(app).delete(`/api/resources/${resource.id}`).set(admin).expect(204);
  });

  it('when a kit batch was sent to an event, then deleting the event is 409 naming the batches; without it, 204', async () => {
    const event = await buildEvent();
    const type = await kitType({});
    await request(app)
      .post('/api/kit-batches')
      .set(admin)
      .send({ kitTypeId: type.id, label: 'Box 1', quantity: 20, eventId: event.id })
      .expect(201);
    assert.deepEqual(await refusedWith(`/api/events/${event.id}`), [
      { kind: 'kit-batch', count: 1, label: 'Kit batches', href: '/kits' },
    ]);
    await KitBatchModel.deleteMany({});
    await request(app).delete(`/api/events/${event.id}`).set(admin).expect(204);
  });

  it('when kits were handed out at an event, then deleting the event is 409 naming the hand-outs; without them, 204', async () => {
    const event = await buildEvent();
    const type = await kitType({});
    await request(app)
      .post(`/api/kit-types/${type.id}/aggregate-hand-outs`)
      .set(admin)
      .send({ count: 25, eventId: event.id })
      .expect(201);
    assert.deepEqual(await refusedWith(`/api/events/${event.id}`), [
      { kind: 'kit-hand-out', count: 1, label: 'Kit hand-outs', href: '/kits' },
    ]);
    await HandOutModel.deleteMany({});
    await request(app).delete(`/api/events/${event.id}`).set(admin).expect(204);
  });
});
