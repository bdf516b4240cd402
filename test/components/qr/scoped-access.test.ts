import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { getQrCode, getResource } from '../../../src/components/qr';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildEvent, buildProject } from '../../helpers/factories/events';
import { buildPostcard, buildQrCode, buildResource } from '../../helpers/factories/qr';
import { clearDatabase } from '../../helpers/hooks';

const BASE = 'https://forumkit.test';

describe('QR registry: things are changed only within the actor’s events and projects', function () {
  this.timeout(60_000);
  let app: Express;
  let event: { id: string };
  let project: { id: string };
  /** A comms user with no events and no projects (issue 16's attacker). */
  let outsider: Record<string, string>;
  let manager: Record<string, string>;
  before(async () => {
    ({ app } = await buildTestApp());
  });
  beforeEach(async () => {
    await clearDatabase();
    event = await buildEvent();
    project = await buildProject();
    ({ authHeader: outsider } = await signInAs(app, 'comms'));
    ({ authHeader: manager } = await signInAs(app, 'comms', {
      eventIds: [event.id],
      projectIds: [project.id],
    }));
  });

  it('refuses a comms user with no events: placing, editing and deleting another event’s resources and postcards', async () => {
    const placed = { projectId: project.id, eventIds: [event.id] };
    const created = await request(app)
      .post('/api/resources')
      .set(outsider)
      .send({ ...placed, title: 'Planted', type: 'booklet' })
      .expect(403);
    assert.equal(created.body.detail, 'You do not manage this event');
    const resource = await buildResource(placed);
    const postcard = await buildPostcard(placed);
    await request(app)
      .patch(`/api/resources/${resource.id}`)
      .set(outsider)
      .send({ title: 'Defaced' })
      .expect(403);
    await request(app).delete(`/api/resources/${resource.id}`).set(outsider).expect(403);
    await request(app)
      .patch(`/api/postcards/${postcard.id}`)
      .set(outsider)
      .send({ story: 'Defaced' })
      .expect(403);
    await request(app).delete(`/api/postcards/${postcard.id}`).set(outsider).expect(403);
    assert.equal((await getResource(resource.id)).title, resource.title);
    // The event's own comms user may do all of it.
    await request(app)
      .patch(`/api/resources/${resource.id}`)
      .set(manager)
      .send({ title: 'Renamed by its manager' })
      .expect(200);
    await request(app).delete(`/api/postcards/${postcard.id}`).set(manager).expect(204);
  });

  it('event-less things belong to their project: its comms users change them, others do not', async () => {
    const own = await buildResource({ projectId: project.id });
    const foreign = await buildResource({ projectId: (await buildProject()).id });
    await request(app)
      .patch(`/api/resources/${own.id}`)
      .set(manager)
      .send({ description: 'Ours' })
      .expect(200);
    await request(app)
      .patch(`/api/resources/${foreign.id}`)
      .set(manager)
      .send({ description: 'Not ours' })
      .expect(403);
    // Moving one's own resource into an event one does not manage is refused too.
    const elsewhere = await buildEvent();
    await request(app)
      .patch(`/api/resources/${own.id}`)
      .set(manager)
      .send({ eventIds: [elsewhere.id] })
      .expect(403);
    assert.deepEqual((await getResource(own.id)).eventIds, []);
  });

  it('reading a code’s statistics is like managing it: 403 for another event’s code, as on /qr/analytics', async () => {
    const code = await buildQrCode({ eventId: event.id, projectId: project.id });
    const refused = await request(app).get(`/api/qr-codes/${code.id}/stats`).set(outsider);
    assert.equal(refused.status, 403);
    await request(app).get(`/api/qr-codes/${code.id}/stats`).set(manager).expect(200);
  });

  it('a printed kit-box code takes its kit’s event: another event’s comms user cannot retarget it', async () => {
    const { authHeader: admin } = await signInAs(app, 'admin');
    const kitType = await request(app)
      .post('/api/kit-types')
      .set(admin)
      .send({ name: 'Dominoes', serialPrefix: 'DOM', projectId: project.id })
      .expect(201);
    const batch = await request(app)
      .post('/api/kit-batches')
      .set(admin)
      .send({ kitTypeId: kitType.body.id, label: 'Stand boxes', quantity: 1, eventId: event.id })
      .expect(201);
    const made = await request(app)
      .post(`/api/kit-types/${kitType.body.id}/kits`)
      .set(admin)
      .send({ count: 1, batchId: batch.body.id })
      .expect(201);
    const kit = made.body.items[0] as { id: string; qrCodeId: string };
    const { authHeader: otherEventComms } = await signInAs(app, 'comms', {
      eventIds: [(await buildEvent()).id],
    });
    for (const attacker of [outsider, otherEventComms]) {
      await request(app)
        .patch(`/api/qr-codes/${kit.qrCodeId}`)
        .set(attacker)
        .send({ target: { url: 'https://phish.example/' } })
        .expect(403);
    }
    const code = await getQrCode(kit.qrCodeId, BASE);
    assert.deepEqual(code.target, { type: 'kit', id: kit.id });
    await request(app)
      .patch(`/api/qr-codes/${kit.qrCodeId}`)
      .set(manager)
      .send({ label: 'Box 1 (stand)' })
      .expect(200);
  });
});
