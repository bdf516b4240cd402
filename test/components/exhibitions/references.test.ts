import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { addFilm, addMaterial, createStand } from '../../../src/components/exhibitions';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildCluster, buildEvent, buildProject } from '../../helpers/factories/events';
import { buildStand } from '../../helpers/factories/exhibitions';
import { clearDatabase } from '../../helpers/hooks';

type Referrer = { kind: string; count: number; label: string; href?: string };

/** Stands hold their event, cluster, projects and team; films and materials a project. */
describe('exhibitions: references stands hold', () => {
  let app: Express;
  let admin: Record<string, string>;
  const now = new Date('2025-05-01T09:00:00Z');
  const stands = { label: 'Stands', href: '/stands' };

  before(async () => {
    app = (await buildTestApp({ clock: () => now })).app;
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

  const deleteStand = (id: string) =>
    request(app).delete(`/api/stands/${id}?cascade=true`).set(admin).expect(204);

  it('when a stand is at an event, then deleting the event is 409 naming the stands; without it, 204', async () => {
    const { event, stand } = await buildStand({ team: [] });
    assert.deepEqual(await refusedWith(`/api/events/${event.id}`), [
      { kind: 'stand', count: 1, ...stands },
    ]);
    await deleteStand(stand.id);
    await request(app).delete(`/api/events/${event.id}`).set(admin).expect(204);
  });

  it('when a project takes part in a stand, then deleting the project is 409 naming the stands; without it, 204', async () => {
    const { project, stand } = await buildStand({ team: [] });
    assert.deepEqual(await refusedWith(`/api/projects/${project.id}`), [
      { kind: 'stand', count: 1, ...stands },
    ]);
    await deleteStand(stand.id);
    await request(app).delete(`/api/projects/${project.id}`).set(admin).expect(204);
  });

  it('when a person is on a stand’s team, then deleting the person is 409 naming the stands; off the team, 204', async () => {
    const { stand, people } = await buildStand({ team: ['booth'] });
    const person = people[0]!;
    assert.deepEqual(await refusedWith(`/api/people/${person.id}`), [
      { kind: 'stand', count: 1, ...stands },
    ]);
    await request(app).delete(`/api/stands/${stand.id}/team/${person.id}`).set(admin).expect(200);
    await request(app).delete(`/api/people/${person.id}`).set(admin).expect(204);
  });

  it('when a stand is a cluster’s, then deleting the cluster is 409 naming the stands; without it, 204', async () => {
    const event = await buildEvent();
    const project = await buildProject();
    const cluster = await buildCluster({ projectIds: [project.id] });
    const stand = await createStand(event.id, {
      name: 'Cluster stand',
      clusterId: cluster.id,
      projectIds: [project.id],
    });
    assert.deepEqual(await refusedWith(`/api/clusters/${cluster.id}`), [
      { kind: 'stand', count: 1, ...stands },
    ]);
    await deleteStand(stand.id);
    await request(app).delete(`/api/clusters/${cluster.id}`).set(admin).expect(204);
  });

  it('when a stand film is a project’s, then deleting that project is 409 naming the films; without it, 204', async () => {
    const { stand } = await buildStand({ team: [] });
    const filmProject = await buildProject();
    const film = await addFilm(stand.id, { title: 'Streets', projectId: filmProject.id });
    assert.deepEqual(await refusedWith(`/api/projects/${filmProject.id}`), [
      { kind: 'stand-film', count: 1, label: 'Stand films', href: '/stands' },
    ]);
    await request(app).delete(`/api/stands/${stand.id}/films/${film.id}`).set(admin).expect(204);
    await request(app).delete(`/api/projects/${filmProject.id}`).set(admin).expect(204);
  });

  it('when a stand material is owned by a project, then deleting the project is 409 naming the materials as well; without them, 204', async () => {
    const { stand, project } = await buildStand({ team: [] });
    const material = await addMaterial(
      stand.id,
      { name: 'Roll-up', ownerProjectId: project.id, dueDate: '2025-05-03' },
      now,
    );
    assert.deepEqual(
      (await refusedWith(`/api/projects/${project.id}`)).map((r) => [r.kind, r.count]),
      [
        ['stand', 1],
        ['stand-material', 1],
      ],
    );
    await request(app)
      .delete(`/api/stands/${stand.id}/materials/${material.id}`)
      .set(admin)
      .expect(204);
    assert.deepEqual(
      (await refusedWith(`/api/projects/${project.id}`)).map((r) => r.kind),
      ['stand'],
    );
    await deleteStand(stand.id);
    await request(app).delete(`/api/projects/${project.id}`).set(admin).expect(204);
  });
});
