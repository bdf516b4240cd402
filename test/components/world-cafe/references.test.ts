import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { updateTable } from '../../../src/components/world-cafe';
import { WorldCafeSessionModel } from '../../../src/components/world-cafe/session.model';
import { WorldCafeTableModel } from '../../../src/components/world-cafe/table.model';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildEvent, buildProject } from '../../helpers/factories/events';
import { buildWorldCafeSession, buildWorldCafeTable } from '../../helpers/factories/world-cafe';
import { clearDatabase } from '../../helpers/hooks';

/** The World Café holds a session's event and a table's lead project. */
describe('world-cafe: references the World Café holds', () => {
  let app: Express;
  let admin: Record<string, string>;

  before(async () => {
    app = (await buildTestApp()).app;
  });

  beforeEach(async () => {
    await clearDatabase();
    admin = (await signInAs(app, 'admin')).authHeader;
  });

  it('when a session runs at an event, then deleting the event is 409 naming the sessions; without them, 204', async () => {
    const event = await buildEvent();
    const session = await buildWorldCafeSession({ eventId: event.id });
    const res = await request(app).delete(`/api/events/${event.id}`).set(admin).expect(409);
    assert.equal(res.body.code, 'still_referenced');
    // A session is on the event's programme too (its item is the events component's own).
    assert.deepEqual(res.body.references, [
      {
        kind: 'programme-item',
        count: 1,
        label: 'Programme items',
        href: `/events/${event.id}/programme`,
      },
      {
        kind: 'world-cafe-session',
        count: 1,
        label: 'World Café sessions',
        href: `/world-cafe/events/${event.id}/sessions`,
      },
    ]);
    // Sessions have no delete (their harvest is the record); an administrator removes one in the database.
    await WorldCafeSessionModel.deleteMany({});
    const left = await request(app).delete(`/api/events/${event.id}`).set(admin).expect(409);
    assert.deepEqual(
      left.body.references.map((r: { kind: string }) => r.kind),
      ['programme-item'],
    );
    await request(app)
      .delete(`/api/events/${event.id}/programme/${session.programmeItemId}`)
      .set(admin)
      .expect(204);
    await request(app).delete(`/api/events/${event.id}`).set(admin).expect(204);
  });

  it('when a table is led by a project, then deleting the project is 409 naming the tables; led by another, 204', async () => {
    const table = await buildWorldCafeTable();
    const leadProjectId = (await WorldCafeTableModel.findById(table.id).lean())!.leadProjectId!;
    const res = await request(app).delete(`/api/projects/${leadProjectId}`).set(admin).expect(409);
    assert.equal(res.body.code, 'still_referenced');
    assert.deepEqual(res.body.references, [
      { kind: 'world-cafe-table', count: 1, label: 'World Café tables', href: '/world-cafe' },
    ]);
    await updateTable(table.id, { leadProjectId: (await buildProject()).id });
    await request(app).delete(`/api/projects/${leadProjectId}`).set(admin).expect(204);
  });
});
