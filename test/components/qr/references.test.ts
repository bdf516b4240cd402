import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildEvent, buildProject } from '../../helpers/factories/events';
import { buildPostcard, buildQrCode, buildResource } from '../../helpers/factories/qr';
import { clearDatabase } from '../../helpers/hooks';

type Referrer = { kind: string; count: number; label: string; href?: string };

/**
 * The registry holds projects and events of the events component (a resource's
 * project and events, a postcard's, a code's placement and an event-page code's
 * target): deleting one of them is refused while the registry refers to it.
 */
describe('qr: references the registry holds', () => {
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
    assert.match(res.body.type, /\/problems\/still_referenced$/);
    return res.body.references;
  }

  /** A resource's or postcard's own code stays when it goes (it may be printed): it is moved off by hand. */
  async function moveCodesOff(field: 'projectId' | 'eventId', id: string) {
    const codes = await request(app).get(`/api/qr-codes?${field}=${id}`).set(admin).expect(200);
    for (const code of codes.body.items as { id: string }[])
      await request(app)
        .patch(`/api/qr-codes/${code.id}`)
        .set(admin)
        .send({ [field]: null })
        .expect(200);
  }

  it('when a QR resource belongs to a project, then deleting the project is 409 naming the resource (and its code); without them, 204', async () => {
    const project = await buildProject();
    const resource = await buildResource({ projectId: project.id });
    assert.deepEqual(await refusedWith(`/api/projects/${project.id}`), [
      {
        kind: 'qr-resource',
        count: 1,
        label: 'Resources',
        href: `/qr/resources?projectId=${project.id}`,
      },
      { kind: 'qr-code', count: 1, label: 'QR codes', href: `/qr/codes?projectId=${project.id}` },
    ]);
    await request(app).delete(`/api/resources/${resource.id}`).set(admin).expect(204);
    // The resource's printed code now leads to a placeholder page and still names the project.
    assert.deepEqual(
      (await refusedWith(`/api/projects/${project.id}`)).map((r) => r.kind),
      ['qr-code'],
    );
    await moveCodesOff('projectId', project.id);
    await request(app).delete(`/api/projects/${project.id}`).set(admin).expect(204);
  });

  it('when a city postcard belongs to a project, then deleting the project is 409 naming the postcards; without them, 204', async () => {
    const project = await buildProject();
    const postcard = await buildPostcard({ projectId: project.id });
    const references = await refusedWith(`/api/projects/${project.id}`);
    assert.deepEqual(
      references.map((r) => [r.kind, r.count]),
      [
        ['qr-postcard', 1],
        ['qr-code', 1],
      ],
    );
    await request(app).delete(`/api/postcards/${postcard.id}`).set(admin).expect(204);
    await moveCodesOff('projectId', project.id);
    await request(app).delete(`/api/projects/${project.id}`).set(admin).expect(204);
  });

  it('when a code is placed at a project, then deleting the project is 409 naming the codes; moved off, 204', async () => {
    const project = await buildProject();
    const code = await buildQrCode({ projectId: project.id });
    assert.deepEqual(
      (await refusedWith(`/api/projects/${project.id}`)).map((r) => [r.kind, r.label, r.href]),
      [['qr-code', 'QR codes', `/qr/codes?projectId=${project.id}`]],
    );
    // A code is printed: it is moved, never deleted (the registry has no delete).
    await request(app)
      .patch(`/api/qr-codes/${code.id}`)
      .set(admin)
      .send({ projectId: null })
      .expect(200);
    await request(app).delete(`/api/projects/${project.id}`).set(admin).expect(204);
  });

  it('when a code is placed at an event, then deleting the event is 409 naming the codes; moved off, 204', async () => {
    const event = await buildEvent();
    const code = await buildQrCode({ eventId: event.id });
    assert.deepEqual(await refusedWith(`/api/events/${event.id}`), [
      { kind: 'qr-code', count: 1, label: 'QR codes', href: `/qr/codes?eventId=${event.id}` },
    ]);
    await request(app)
      .patch(`/api/qr-codes/${code.id}`)
      .set(admin)
      .send({ eventId: null })
      .expect(200);
    await request(app).delete(`/api/events/${event.id}`).set(admin).expect(204);
  });

  it('when a code leads to an event’s page, then deleting the event is 409; retargeted, 204', async () => {
    const event = await buildEvent();
    const code = await buildQrCode({ target: { eventId: event.id } });
    assert.deepEqual(
      (await refusedWith(`/api/events/${event.id}`)).map((r) => [r.kind, r.count]),
      [['qr-code', 1]],
    );
    await request(app)
      .patch(`/api/qr-codes/${code.id}`)
      .set(admin)
      .send({ target: { none: true } })
      .expect(200);
    await request(app).delete(`/api/events/${event.id}`).set(admin).expect(204);
  });

  it('when a resource is placed at an event, then deleting the event is 409 naming the resources; without them, 204', async () => {
    const event = await buildEvent();
    const resource = await buildResource({ eventIds: [event.id] });
    const references = await refusedWith(`/api/events/${event.id}`);
    assert.deepEqual(references[0], {
      kind: 'qr-resource',
      count: 1,
      label: 'Resources',
      href: `/qr/resources?eventId=${event.id}`,
    });
    await request(app).delete(`/api/resources/${resource.id}`).set(admin).expect(204);
    await moveCodesOff('eventId', event.id);
    await request(app).delete(`/api/events/${event.id}`).set(admin).expect(204);
  });

  it('when a postcard is placed at an event, then deleting the event is 409 naming the postcards; without them, 204', async () => {
    const event = await buildEvent();
    const postcard = await buildPostcard({ eventIds: [event.id] });
    assert.deepEqual((await refusedWith(`/api/events/${event.id}`)).map((r) => r.kind).sort(), [
      'qr-code',
      'qr-postcard',
    ]);
    await request(app).delete(`/api/postcards/${postcard.id}`).set(admin).expect(204);
    await moveCodesOff('eventId', event.id);
    await request(app).delete(`/api/events/${event.id}`).set(admin).expect(204);
  });

  it('when an organiser deletes a project a resource belongs to on its page, then the page says why and links to the resources', async () => {
    const project = await buildProject({ acronym: 'REFD' });
    const resource = await buildResource({ projectId: project.id });
    const refused = await request(app)
      .post(`/directory/projects/${project.id}/delete`)
      .set(admin)
      .expect(409);
    assert.match(refused.text, /It cannot be deleted\./);
    // Handlebars writes '=' in attributes as &#x3D; (the browser reads it back as '=').
    const html = refused.text.replaceAll('&#x3D;', '=');
    assert.ok(html.includes(`<a href='/qr/resources?projectId=${project.id}'>Resources</a>: 1`));
    assert.ok(html.includes(`<a href='/qr/codes?projectId=${project.id}'>QR codes</a>: 1`));
    await request(app).delete(`/api/resources/${resource.id}`).set(admin).expect(204);
    await moveCodesOff('projectId', project.id);
    await request(app).post(`/directory/projects/${project.id}/delete`).set(admin).expect(303);
  });

  it('when the still_referenced problem is looked up, then it has its page', async () => {
    const page = await request(app).get('/problems/still_referenced').expect(200);
    assert.match(page.text, /Still referred to/);
  });
});
