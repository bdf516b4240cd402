import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { buildTestApp, closeTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import {
  buildCity,
  buildCluster,
  buildEvent,
  buildProgrammeItem,
  buildProject,
} from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';

describe('dashboard and event pages', () => {
  let app: Express;
  let organiser: Record<string, string>;

  before(async () => {
    app = (await buildTestApp()).app;
  });
  after(async () => {
    await closeTestApp(app);
  });
  beforeEach(async () => {
    await clearDatabase();
    organiser = (await signInAs(app, 'facilitator')).authHeader;
  });

  it('when nobody is signed in, then / and /events/:id redirect to sign-in and come back', async () => {
    const home = await request(app).get('/').expect(303);
    assert.equal(home.headers.location, '/sign-in?next=%2F');
    const event = await buildEvent();
    const page = await request(app).get(`/events/${event.id}`).expect(303);
    assert.equal(
      page.headers.location,
      `/sign-in?next=${encodeURIComponent(`/events/${event.id}`)}`,
    );
  });

  it('when there are no events, then the dashboard shows an empty state', async () => {
    const res = await request(app).get('/').set(organiser).expect(200);
    assert.match(res.headers['content-type'] ?? '', /text\/html/);
    assert.match(res.text, /<h1>Events<\/h1>/);
    assert.match(res.text, /No events yet/);
  });

  it('when events exist, then the dashboard lists name, dates, city and country with links, in tables with headers', async () => {
    const event = await buildEvent({
      name: '2025 Cities Mission Conference',
      accessNote: 'Invitation-only',
    });
    await buildEvent({
      name: 'Re-Value Final Conference',
      city: 'Bruges',
      country: 'BE',
      startDate: '2099-10-01',
      endDate: '2099-10-31',
      datePrecision: 'month',
      timeZone: 'Europe/Brussels',
    });
    const res = await request(app).get('/').set(organiser).expect(200);
    assert.ok(res.text.includes(`href="/events/${event.id}"`));
    assert.match(res.text, /6–8 May 2025/);
    assert.match(res.text, /October 2099 \(dates to be confirmed\)/);
    assert.match(res.text, /Vilnius/);
    assert.match(res.text, /title="Lithuania"/);
    assert.match(res.text, /<th scope="col">Dates<\/th>/);
    assert.match(res.text, /<h2 id="upcoming-heading">Upcoming<\/h2>/);
    assert.match(res.text, /<h2 id="past-heading">Recent events<\/h2>/);
  });

  it('when an event name holds markup, then the pages escape it', async () => {
    const event = await buildEvent({ name: '<script>alert(1)</script> Expo' });
    const list = await request(app).get('/').set(organiser).expect(200);
    assert.ok(!list.text.includes('<script>alert(1)</script>'));
    assert.ok(list.text.includes('&lt;script&gt;'));
    const page = await request(app).get(`/events/${event.id}`).set(organiser).expect(200);
    assert.ok(!page.text.includes('<script>alert(1)</script>'));
  });

  it('when an event page opens, then it shows details, the programme in the event zone and the cluster projects with cities', async () => {
    const project = await buildProject({ name: 'Re-Value', acronym: 'Re-Value' });
    await buildCity({
      name: 'Ålesund',
      country: 'NO',
      projects: [{ projectId: project.id, role: 'leading' }],
    });
    await buildCity({
      name: 'Constanța',
      country: 'RO',
      projects: [{ projectId: project.id, role: 'replication' }],
    });
    const cluster = await buildCluster({
      name: 'Urban Planning and Design Cluster',
      callIdentifier: 'HORIZON-MISS-2021-CIT-02-01',
      projectIds: [project.id],
    });
    const event = await buildEvent({
      organiser: 'NetZeroCities',
      accessNote: 'Invitation-only',
      clusterIds: [cluster.id],
    });
    await buildProgrammeItem({
      eventId: event.id,
      title: 'World Café',
      start: new Date('2025-05-07T11:00:00Z'),
      end: new Date('2025-05-07T12:30:00Z'),
    });

    const res = await request(app).get(`/events/${event.id}`).set(organiser).expect(200);
    assert.ok(res.text.includes(`<h1>${event.name}</h1>`));
    assert.match(res.text, /NetZeroCities/);
    assert.match(res.text, /Invitation-only/);
    assert.match(res.text, /Wed 7 May, 14:00–15:30/);
    assert.match(res.text, /World Café/);
    assert.match(res.text, /Urban Planning and Design Cluster/);
    assert.match(res.text, /HORIZON-MISS-2021-CIT-02-01/);
    assert.match(res.text, /Ålesund \(Norway\)/);
    assert.match(res.text, /Constanța \(Romania\)/);
  });

  it('when the event page has no programme and no cluster, then it says so', async () => {
    const event = await buildEvent();
    const res = await request(app).get(`/events/${event.id}`).set(organiser).expect(200);
    assert.match(res.text, /No programme items yet/);
    assert.match(res.text, /No cluster is linked/);
  });

  it('when the event id is unknown or malformed, then the page is a 404', async () => {
    await request(app).get('/events/0123456789abcdef01234567').set(organiser).expect(404);
    const res = await request(app).get('/events/nope').set(organiser).expect(404);
    assert.match(res.text, /There is no such event/);
  });
});
