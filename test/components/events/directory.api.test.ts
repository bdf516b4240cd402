import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { buildTestApp, closeTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import {
  buildCity,
  buildCluster,
  buildEvent,
  buildOrganisation,
  buildPerson,
  buildProject,
} from '../../helpers/factories/events';
import { buildStand } from '../../helpers/factories/exhibitions';
import { clearDatabase } from '../../helpers/hooks';

const MISSING_ID = '0123456789abcdef01234567';

/** Each directory resource with a valid body, a patch and a list filter, for the shared checks. */
const resources = [
  {
    path: '/api/projects',
    body: async () => ({ name: 'Re-Value', acronym: 'Re-Value', colour: '#0b6e99' }),
    patch: { colour: '#123456' },
    field: 'colour',
  },
  {
    path: '/api/clusters',
    body: async () => ({
      name: 'Urban Planning and Design Cluster',
      callIdentifier: 'HORIZON-MISS-2021-CIT-02-01',
      projectIds: [(await buildProject()).id],
    }),
    patch: { callIdentifier: 'X-1' },
    field: 'callIdentifier',
  },
  {
    path: '/api/organisations',
    body: async () => ({ name: 'NetZeroCities', kind: 'network' }),
    patch: { country: 'BE' },
    field: 'country',
  },
  {
    path: '/api/cities',
    body: async () => ({
      name: 'Constanța',
      country: 'RO',
      projects: [{ projectId: (await buildProject()).id, role: 'replication' }],
    }),
    patch: { name: 'Constanța' },
    field: 'name',
  },
  {
    path: '/api/people',
    body: async () => ({
      name: 'Frida Facilitator (demo)',
      email: 'Facilitator@Example.org',
      consent: { contact: true, photo: false },
    }),
    patch: { name: 'Frida F. (demo)' },
    field: 'name',
  },
] as const;

describe('directory APIs', () => {
  let app: Express;
  let admin: Record<string, string>;

  before(async () => {
    app = (await buildTestApp()).app;
  });
  after(async () => {
    await closeTestApp(app);
  });
  beforeEach(async () => {
    await clearDatabase();
    admin = (await signInAs(app, 'admin')).authHeader;
  });

  for (const resource of resources) {
    describe(resource.path, () => {
      it('when an admin creates, reads, patches, lists and deletes, then each step answers as documented', async () => {
        const body = await resource.body();
        const created = await request(app).post(resource.path).set(admin).send(body).expect(201);
        const id = created.body.id as string;
        assert.match(id, /^[0-9a-f]{24}$/);
        assert.equal(created.body._id, undefined);
        const read = await request(app).get(`${resource.path}/${id}`).set(admin).expect(200);
        assert.equal(read.body.name, body.name);
        const patched = await request(app)
          .patch(`${resource.path}/${id}`)
          .set(admin)
          .send(resource.patch)
          .expect(200);
        assert.equal(
          patched.body[resource.field],
          resource.patch[resource.field as keyof typeof resource.patch],
        );
        const list = await request(app).get(`${resource.path}?limit=10`).set(admin).expect(200);
        assert.equal(list.body.total, 1);
        assert.equal(list.body.limit, 10);
        assert.equal(list.body.items[0].id, id);
        await request(app).delete(`${resource.path}/${id}`).set(admin).expect(204);
        await request(app).get(`${resource.path}/${id}`).set(admin).expect(404);
      });

      it('when the body has an unknown field or a wrong type, then the answer is 400 with the field path', async () => {
        const body = await resource.body();
        const unknown = await request(app)
          .post(resource.path)
          .set(admin)
          .send({ ...body, secret: 1 })
          .expect(400);
        assert.equal(unknown.body.code, 'validation_failed');
        const wrongType = await request(app)
          .post(resource.path)
          .set(admin)
          .send({ ...body, name: 42 })
          .expect(400);
        assert.deepEqual(
          wrongType.body.errors.map((e: { path: string }) => e.path),
          ['name'],
        );
      });

      it('when an id is malformed or unknown, then read, patch and delete are 404', async () => {
        await request(app).get(`${resource.path}/xyz`).set(admin).expect(404);
        await request(app).get(`${resource.path}/${MISSING_ID}`).set(admin).expect(404);
        await request(app)
          .patch(`${resource.path}/${MISSING_ID}`)
          .set(admin)
          .send(resource.patch)
          .expect(404);
        await request(app).delete(`${resource.path}/${MISSING_ID}`).set(admin).expect(404);
      });

      it('when nobody is signed in, then 401; when a non-admin writes, then 403; reading is open to organisers', async () => {
        const body = await resource.body();
        await request(app).get(resource.path).expect(401);
        await request(app).post(resource.path).send(body).expect(401);
        const comms = await signInAs(app, 'comms');
        const facilitator = await signInAs(app, 'facilitator');
        await request(app).get(resource.path).set(comms.authHeader).expect(200);
        await request(app).get(resource.path).set(facilitator.authHeader).expect(200);
        await request(app).post(resource.path).set(comms.authHeader).send(body).expect(403);
        const created = await request(app).post(resource.path).set(admin).send(body).expect(201);
        await request(app)
          .patch(`${resource.path}/${created.body.id}`)
          .set(facilitator.authHeader)
          .send(resource.patch)
          .expect(403);
        await request(app)
          .delete(`${resource.path}/${created.body.id}`)
          .set(comms.authHeader)
          .expect(403);
      });

      it('when a list query uses an operator or an unlisted filter, then the answer is 400', async () => {
        for (const query of ['name[$ne]=x', 'name=x', 'q[$gt]=', 'sort=createdAt', 'page=abc']) {
          const res = await request(app).get(`${resource.path}?${query}`).set(admin).expect(400);
          assert.equal(res.body.code, 'validation_failed', `${resource.path}?${query}`);
        }
      });
    });
  }

  describe('uniqueness', () => {
    it('when a natural key is taken, then creating again is 409 duplicate', async () => {
      await buildProject({ acronym: 'UP2030' });
      const project = await request(app)
        .post('/api/projects')
        .set(admin)
        .send({ name: 'Another', acronym: 'UP2030' })
        .expect(409);
      assert.equal(project.body.code, 'duplicate');
      await buildCluster({ name: 'Urban Planning and Design Cluster' });
      await request(app)
        .post('/api/clusters')
        .set(admin)
        .send({ name: 'Urban Planning and Design Cluster' })
        .expect(409);
      await buildOrganisation({ name: 'City of Example', country: 'BE' });
      await request(app)
        .post('/api/organisations')
        .set(admin)
        .send({ name: 'City of Example', country: 'BE' })
        .expect(409);
      await request(app)
        .post('/api/organisations')
        .set(admin)
        .send({ name: 'City of Example', country: 'NL' })
        .expect(201);
      await buildCity({ name: 'Písek', country: 'CZ' });
      await request(app)
        .post('/api/cities')
        .set(admin)
        .send({ name: 'Písek', country: 'CZ' })
        .expect(409);
      await buildPerson({ email: 'rapporteur@example.org' });
      const person = await request(app)
        .post('/api/people')
        .set(admin)
        .send({ name: 'Someone', email: 'RAPPORTEUR@example.org' })
        .expect(409);
      assert.equal(person.body.code, 'duplicate');
    });

    it('when people have no e-mail, then they do not collide', async () => {
      await request(app)
        .post('/api/people')
        .set(admin)
        .send({ name: 'No Mail One (demo)' })
        .expect(201);
      await request(app)
        .post('/api/people')
        .set(admin)
        .send({ name: 'No Mail Two (demo)' })
        .expect(201);
    });
  });

  describe('references', () => {
    it('when a project is in a cluster or a city, then deleting it is 409 still_referenced naming both until both let go', async () => {
      const project = await buildProject();
      const cluster = await buildCluster({ projectIds: [project.id] });
      const city = await buildCity({ projects: [{ projectId: project.id, role: 'leading' }] });
      const refused = await request(app)
        .delete(`/api/projects/${project.id}`)
        .set(admin)
        .expect(409);
      assert.equal(refused.body.code, 'still_referenced');
      assert.deepEqual(refused.body.references, [
        { kind: 'cluster', label: 'Clusters', count: 1, href: '/directory/clusters' },
        { kind: 'city', label: 'Cities', count: 1, href: '/directory/cities' },
      ]);
      await request(app)
        .patch(`/api/clusters/${cluster.id}`)
        .set(admin)
        .send({ projectIds: [] })
        .expect(200);
      await request(app).delete(`/api/projects/${project.id}`).set(admin).expect(409);
      await request(app)
        .patch(`/api/cities/${city.id}`)
        .set(admin)
        .send({ projects: [] })
        .expect(200);
      await request(app).delete(`/api/projects/${project.id}`).set(admin).expect(204);
    });

    it('when an organisation has people, then deleting it is 409 still_referenced', async () => {
      const person = await buildPerson();
      const res = await request(app)
        .delete(`/api/organisations/${person.organisationId}`)
        .set(admin)
        .expect(409);
      assert.equal(res.body.code, 'still_referenced');
      assert.deepEqual(res.body.references, [
        { kind: 'person', label: 'People', count: 1, href: '/directory/people' },
      ]);
      await request(app)
        .patch(`/api/people/${person.id}`)
        .set(admin)
        .send({ organisationId: null })
        .expect(200);
      await request(app)
        .delete(`/api/organisations/${person.organisationId}`)
        .set(admin)
        .expect(204);
    });

    it('when an event takes part with a cluster, then deleting the cluster is 409 still_referenced', async () => {
      const cluster = await buildCluster();
      await buildEvent({ clusterIds: [cluster.id] });
      const res = await request(app).delete(`/api/clusters/${cluster.id}`).set(admin).expect(409);
      assert.equal(res.body.code, 'still_referenced');
      assert.deepEqual(res.body.references, [
        { kind: 'event', label: 'Events', count: 1, href: '/events' },
      ]);
    });

    it('when a body refers to an unknown project or organisation, then the answer is 404 naming it', async () => {
      const cluster = await request(app)
        .post('/api/clusters')
        .set(admin)
        .send({ name: 'C', projectIds: [MISSING_ID] })
        .expect(404);
      assert.equal(cluster.body.code, 'project_not_found');
      const city = await request(app)
        .post('/api/cities')
        .set(admin)
        .send({
          name: 'Rijeka',
          country: 'HR',
          projects: [{ projectId: MISSING_ID, role: 'replication' }],
        })
        .expect(404);
      assert.equal(city.body.code, 'project_not_found');
      const person = await request(app)
        .post('/api/people')
        .set(admin)
        .send({ name: 'P', organisationId: MISSING_ID })
        .expect(404);
      assert.equal(person.body.code, 'organisation_not_found');
      const badId = await request(app)
        .post('/api/clusters')
        .set(admin)
        .send({ name: 'C', projectIds: ['nope'] })
        .expect(400);
      assert.deepEqual(
        badId.body.errors.map((e: { path: string }) => e.path),
        ['projectIds.0'],
      );
    });
  });

  describe('filters and sorting', () => {
    it('when cities are filtered by project, role, country or text, then diacritics survive and only matches come', async () => {
      const reValue = await buildProject({ acronym: 'Re-Value' });
      const other = await buildProject();
      await buildCity({
        name: 'Ålesund',
        country: 'NO',
        projects: [{ projectId: reValue.id, role: 'leading' }],
      });
      await buildCity({
        name: 'İzmir',
        country: 'TR',
        projects: [{ projectId: reValue.id, role: 'replication' }],
      });
      await buildCity({
        name: 'Constanța',
        country: 'RO',
        projects: [
          { projectId: reValue.id, role: 'replication' },
          { projectId: other.id, role: 'cluster' },
        ],
      });
      await buildCity({
        name: 'Riga',
        country: 'LV',
        projects: [{ projectId: other.id, role: 'cluster' }],
      });

      const ofProject = await request(app)
        .get(`/api/cities?projectId=${reValue.id}&sort=name`)
        .set(admin)
        .expect(200);
      assert.equal(ofProject.body.total, 3);
      const names = ofProject.body.items.map((c: { name: string }) => c.name);
      assert.ok(
        names.includes('Ålesund') && names.includes('İzmir') && names.includes('Constanța'),
      );
      const replication = await request(app)
        .get(`/api/cities?projectId=${reValue.id}&role=replication`)
        .set(admin)
        .expect(200);
      assert.equal(replication.body.total, 2);
      const clusterRole = await request(app)
        .get(`/api/cities?projectId=${reValue.id}&role=cluster`)
        .set(admin)
        .expect(200);
      assert.equal(clusterRole.body.total, 0);
      const byCountry = await request(app).get('/api/cities?country=TR').set(admin).expect(200);
      assert.deepEqual(
        byCountry.body.items.map((c: { name: string }) => c.name),
        ['İzmir'],
      );
      const byText = await request(app)
        .get(`/api/cities?q=${encodeURIComponent('constanța')}`)
        .set(admin)
        .expect(200);
      assert.deepEqual(
        byText.body.items.map((c: { name: string }) => c.name),
        ['Constanța'],
      );
      const desc = await request(app).get('/api/cities?sort=-country').set(admin).expect(200);
      assert.deepEqual(
        desc.body.items.map((c: { country: string }) => c.country),
        ['TR', 'RO', 'NO', 'LV'],
      );
    });

    it('when clusters are filtered by project, projects by text, organisations by country, people by organisation, then only matches come', async () => {
      const project = await buildProject({ name: 'CLIMABOROUGH', acronym: 'CLIMABOROUGH' });
      await buildCluster({ projectIds: [project.id] });
      await buildCluster();
      const clusters = await request(app)
        .get(`/api/clusters?projectId=${project.id}`)
        .set(admin)
        .expect(200);
      assert.equal(clusters.body.total, 1);
      const projects = await request(app).get('/api/projects?q=climab').set(admin).expect(200);
      assert.deepEqual(
        projects.body.items.map((p: { acronym: string }) => p.acronym),
        ['CLIMABOROUGH'],
      );
      const org = await buildOrganisation({ country: 'LT' });
      await buildOrganisation({ country: 'BE' });
      const orgs = await request(app).get('/api/organisations?country=LT').set(admin).expect(200);
      assert.deepEqual(
        orgs.body.items.map((o: { id: string }) => o.id),
        [org.id],
      );
      await buildPerson({ organisationId: org.id });
      await buildPerson();
      const people = await request(app)
        .get(`/api/people?organisationId=${org.id}`)
        .set(admin)
        .expect(200);
      assert.equal(people.body.total, 1);
    });
  });

  describe('people', () => {
    it('when a person is created, then the e-mail is lower-cased and consent is stamped', async () => {
      const res = await request(app)
        .post('/api/people')
        .set(admin)
        .send({
          name: 'Vic Visitor (demo)',
          email: 'Vic.Visitor@Example.ORG',
          consent: { contact: true, photo: false },
        })
        .expect(201);
      assert.equal(res.body.email, 'vic.visitor@example.org');
      assert.equal(res.body.consent.contact, true);
      assert.ok(!Number.isNaN(Date.parse(res.body.consent.consentedAt)));
      const found = await request(app)
        .get('/api/people?email=VIC.VISITOR@example.org')
        .set(admin)
        .expect(200);
      assert.equal(found.body.total, 1);
    });

    it('when the e-mail is not an address or consent has unknown flags, then the answer is 400', async () => {
      const res = await request(app)
        .post('/api/people')
        .set(admin)
        .send({
          name: 'X',
          email: 'not-an-address',
          consent: { contact: 'yes', photo: false, marketing: true },
        })
        .expect(400);
      const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
      assert.deepEqual(paths, ['consent.contact', 'consent.marketing', 'email']);
    });
  });
});

describe('references from other components', () => {
  let app: Express;
  let admin: Record<string, string>;

  before(async () => {
    app = (await buildTestApp()).app;
  });
  after(async () => {
    await closeTestApp(app);
  });
  beforeEach(async () => {
    await clearDatabase();
    admin = (await signInAs(app, 'admin')).authHeader;
  });

  it('when another component’s record refers to an event, then deleting it is 409 still_referenced naming it (the holder declares it)', async () => {
    const { event, stand } = await buildStand();
    const refused = await request(app).delete(`/api/events/${event.id}`).set(admin).expect(409);
    assert.equal(refused.body.code, 'still_referenced');
    assert.deepEqual(refused.body.references, [
      { kind: 'stand', label: 'Stands', count: 1, href: '/stands' },
    ]);
    await request(app).delete(`/api/stands/${stand.id}`).set(admin).expect(204);
    await request(app).delete(`/api/events/${event.id}`).set(admin).expect(204);
  });
});
