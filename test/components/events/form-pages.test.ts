import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import {
  getEvent,
  getProgrammeItem,
  getProject,
  listEvents,
  listProgrammeItems,
  listProjects,
} from '../../../src/components/events';
import { buildTestApp, closeTestApp } from '../../helpers/app';
import { signInAs, signInWithSession } from '../../helpers/auth';
import { buildEvent, buildProgrammeItem, buildProject } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';

/** The `value` of the input with this id on a page. */
function inputValue(html: string, id: string): string | undefined {
  const tag = new RegExp(`<input[^>]*id='${id}'[^>]*>`).exec(html)?.[0];
  return tag ? /value='([^']*)'/.exec(tag)?.[1] : undefined;
}

const eventForm = {
  name: 'Form Made Conference',
  slug: '',
  kind: 'conference',
  venue: 'Litexpo',
  city: 'Vilnius',
  country: 'LT',
  startDate: '2025-05-06',
  endDate: '2025-05-08',
  datePrecision: 'day',
  timeZone: 'Europe/Vilnius',
  organiser: '',
  description: '',
  url: '',
  accessNote: '',
};

describe('event and directory form pages', () => {
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

  describe('events', () => {
    it('when an admin sends the new-event form, then the event is stored (slug from the name) and the browser goes to its page', async () => {
      const res = await request(app).post('/events').set(admin).type('form').send(eventForm);
      assert.equal(res.status, 303);
      const [event] = (await listEvents({ page: 1, limit: 5, sort: 'name' })).items;
      assert.ok(event);
      assert.equal(res.headers.location, `/events/${event.id}?done=created`);
      assert.equal(event.slug, 'form-made-conference');
      assert.equal(event.venue, 'Litexpo');
      assert.equal(event.url, undefined);
      const page = await request(app)
        .get(res.headers.location as string)
        .set(admin)
        .expect(200);
      assert.match(page.text, /The event was created\./);
    });

    it('when the form has an empty name and the last day before the first, then nothing is stored and each error is at its field with the values kept', async () => {
      const res = await request(app)
        .post('/events')
        .set(admin)
        .type('form')
        .send({ ...eventForm, name: '', startDate: '2025-05-08', endDate: '2025-05-06' });
      assert.equal(res.status, 400);
      assert.equal((await listEvents({ page: 1, limit: 5, sort: 'name' })).total, 0);
      assert.match(res.text, /role='alert'/);
      assert.match(res.text, /href='#field-name'>Name: Enter this</);
      assert.match(
        res.text,
        /id='field-endDate-error' class='field-error'>Must be on or after the first day</,
      );
      const endInput = /<input[^>]*id='field-endDate'[^>]*>/.exec(res.text)?.[0] ?? '';
      assert.match(endInput, /aria-invalid='true'/);
      assert.match(endInput, /aria-describedby='field-endDate-error'/);
      assert.equal(inputValue(res.text, 'field-city'), 'Vilnius');
      assert.equal(inputValue(res.text, 'field-startDate'), '2025-05-08');
    });

    it('when the web name is taken, then the form answers 409 with the error at that field', async () => {
      await buildEvent({ slug: 'taken-name' });
      const res = await request(app)
        .post('/events')
        .set(admin)
        .type('form')
        .send({ ...eventForm, slug: 'taken-name' });
      assert.equal(res.status, 409);
      assert.match(
        res.text,
        /id='field-slug-error' class='field-error'>Another event already has this web name/,
      );
    });

    it('when an event is edited, then changed and cleared fields are saved and the rest stays', async () => {
      const event = await buildEvent({
        url: 'https://example.org/old',
        accessNote: 'Invitation-only',
      });
      const form = await request(app).get(`/events/${event.id}/edit`).set(admin).expect(200);
      assert.equal(inputValue(form.text, 'field-url'), 'https://example.org/old');
      const res = await request(app)
        .post(`/events/${event.id}/edit`)
        .set(admin)
        .type('form')
        .send({
          ...eventForm,
          name: 'Renamed Conference',
          slug: event.slug,
          url: '',
          accessNote: '',
        });
      assert.equal(res.status, 303);
      const saved = await getEvent(event.id);
      assert.equal(saved.name, 'Renamed Conference');
      assert.equal(saved.url, undefined);
      assert.equal(saved.accessNote, undefined);
      assert.equal(saved.slug, event.slug);
    });

    it('when a comms user manages one event, then they may edit that one only, and may not create events', async () => {
      const mine = await buildEvent();
      const other = await buildEvent();
      const { authHeader } = await signInAs(app, 'comms', { eventIds: [mine.id] });
      await request(app).get(`/events/${mine.id}/edit`).set(authHeader).expect(200);
      await request(app).get(`/events/${other.id}/edit`).set(authHeader).expect(403);
      await request(app).get(`/events/${other.id}/delete`).set(authHeader).expect(403);
      await request(app)
        .post(`/events/${other.id}/edit`)
        .set(authHeader)
        .type('form')
        .send({ ...eventForm, slug: other.slug, name: 'Hijacked' })
        .expect(403);
      assert.notEqual((await getEvent(other.id)).name, 'Hijacked');
      await request(app).get('/events/new').set(authHeader).expect(403);
      await request(app).post('/events').set(authHeader).type('form').send(eventForm).expect(403);
      assert.equal((await listEvents({ page: 1, limit: 5, sort: 'name' })).total, 2);
    });

    it('when a form is posted from a session without its CSRF token, then it is refused and nothing is stored', async () => {
      const { jar, csrfToken } = await signInWithSession(app, 'admin');
      await request(app)
        .post('/events')
        .set('Cookie', jar.header())
        .type('form')
        .send(eventForm)
        .expect(403);
      assert.equal((await listEvents({ page: 1, limit: 5, sort: 'name' })).total, 0);
      await request(app)
        .post('/events')
        .set('Cookie', jar.header())
        .type('form')
        .send({ ...eventForm, _csrf: csrfToken })
        .expect(303);
    });

    it('when an event with programme items is deleted, then the confirmation says why it cannot be; without them it goes', async () => {
      const event = await buildEvent({ name: 'Doomed Conference' });
      const item = await buildProgrammeItem({ eventId: event.id });
      const confirm = await request(app).get(`/events/${event.id}/delete`).set(admin).expect(200);
      assert.match(confirm.text, /Delete event “Doomed Conference”\?/);
      const refused = await request(app).post(`/events/${event.id}/delete`).set(admin).expect(409);
      assert.match(refused.text, /These still refer to it/);
      assert.match(
        refused.text,
        /<li data-reference=.programme-item.>\s*<a href=.\/events\/[0-9a-f]{24}\/programme.>Programme items<\/a>: 1/,
      );
      await request(app)
        .post(`/events/${event.id}/programme/${item.id}/delete`)
        .set(admin)
        .expect(303);
      const gone = await request(app).post(`/events/${event.id}/delete`).set(admin).expect(303);
      assert.equal(gone.headers.location, '/events?done=deleted');
      await assert.rejects(getEvent(event.id), { status: 404 });
    });
  });

  describe('programme times in the event zone', () => {
    const itemForm = { title: 'Session', description: '', location: 'Hall A', status: 'confirmed' };
    const post = (eventId: string, fields: Record<string, string>) =>
      request(app)
        .post(`/events/${eventId}/programme`)
        .set(admin)
        .type('form')
        .send({ ...itemForm, ...fields });

    it('when times are typed in summer and in winter, then they are stored with the offset of that date', async () => {
      const event = await buildEvent({ timeZone: 'Europe/Vilnius' });
      await post(event.id, {
        title: 'Summer',
        start: '2025-05-07T10:00',
        end: '2025-05-07T11:30',
      }).expect(303);
      await post(event.id, {
        title: 'Winter',
        start: '2025-01-15T10:00',
        end: '2025-01-15T11:00',
      }).expect(303);
      const items = await listProgrammeItems(event.id);
      const byTitle = Object.fromEntries(items.map((i) => [i.title, i]));
      assert.equal(byTitle.Winter?.start.toISOString(), '2025-01-15T08:00:00.000Z');
      assert.equal(byTitle.Summer?.start.toISOString(), '2025-05-07T07:00:00.000Z');
      assert.equal(byTitle.Summer?.end.toISOString(), '2025-05-07T08:30:00.000Z');
      const edit = await request(app)
        .get(`/events/${event.id}/programme/${byTitle.Summer?.id}/edit`)
        .set(admin)
        .expect(200);
      assert.equal(inputValue(edit.text, 'field-start'), '2025-05-07T10:00');
      assert.equal(inputValue(edit.text, 'field-end'), '2025-05-07T11:30');
    });

    it('when a time the clocks skip is typed (spring forward), then it is refused at the field', async () => {
      const event = await buildEvent({ timeZone: 'Europe/Vilnius' });
      const res = await post(event.id, { start: '2025-03-30T03:30', end: '2025-03-30T05:00' });
      assert.equal(res.status, 400);
      assert.match(
        res.text,
        /id='field-start-error' class='field-error'>This time does not exist in Europe\/Vilnius/,
      );
      assert.equal(inputValue(res.text, 'field-start'), '2025-03-30T03:30');
      assert.equal((await listProgrammeItems(event.id)).length, 0);
    });

    it('when a time the clocks show twice is typed (fall back), then it is the first one, and an edit of the second keeps it', async () => {
      const event = await buildEvent({ timeZone: 'Europe/Vilnius' });
      await post(event.id, {
        title: 'Night',
        start: '2025-10-26T03:30',
        end: '2025-10-26T05:00',
      }).expect(303);
      const [night] = await listProgrammeItems(event.id);
      assert.equal(night?.start.toISOString(), '2025-10-26T00:30:00.000Z');
      assert.equal(night?.end.toISOString(), '2025-10-26T03:00:00.000Z');

      // An item at the second 03:30 (summer time has ended, 01:30Z), e.g. from the API.
      const second = await buildProgrammeItem({
        eventId: event.id,
        title: 'Second half hour',
        start: new Date('2025-10-26T01:30:00Z'),
        end: new Date('2025-10-26T02:30:00Z'),
      });
      const edit = await request(app)
        .get(`/events/${event.id}/programme/${second.id}/edit`)
        .set(admin)
        .expect(200);
      assert.equal(inputValue(edit.text, 'field-start'), '2025-10-26T03:30');
      await request(app)
        .post(`/events/${event.id}/programme/${second.id}/edit`)
        .set(admin)
        .type('form')
        .send({
          ...itemForm,
          title: 'Renamed',
          location: second.location,
          start: '2025-10-26T03:30',
          end: '2025-10-26T04:30',
        })
        .expect(303);
      const renamed = await getProgrammeItem(event.id, second.id);
      assert.equal(renamed.title, 'Renamed');
      assert.equal(renamed.start.toISOString(), '2025-10-26T01:30:00.000Z');
      assert.equal(renamed.sequence, second.sequence, 'the time did not move');
    });

    it('when an item is all day, then it runs from local midnight of the first day to the midnight after the last', async () => {
      const event = await buildEvent({ timeZone: 'Europe/Vilnius' });
      await post(event.id, {
        title: 'Exhibition',
        start: '2025-05-06T09:00',
        end: '2025-05-08T17:00',
        allDay: 'on',
      }).expect(303);
      const [item] = await listProgrammeItems(event.id);
      assert.equal(item?.allDay, true);
      assert.equal(item?.start.toISOString(), '2025-05-05T21:00:00.000Z');
      assert.equal(item?.end.toISOString(), '2025-05-08T21:00:00.000Z');
      const edit = await request(app)
        .get(`/events/${event.id}/programme/${item?.id}/edit`)
        .set(admin)
        .expect(200);
      assert.equal(inputValue(edit.text, 'field-end'), '2025-05-08T00:00');
    });

    it('when the end is before the start, then the error is at the end field', async () => {
      const event = await buildEvent();
      const res = await post(event.id, { start: '2025-05-07T12:00', end: '2025-05-07T11:00' });
      assert.equal(res.status, 400);
      assert.match(res.text, /id='field-end-error' class='field-error'>Must be after the start</);
    });

    it('when a facilitator opens the programme, then they can read it but not change it', async () => {
      const event = await buildEvent();
      await buildProgrammeItem({ eventId: event.id, title: 'Readable' });
      const { authHeader } = await signInAs(app, 'facilitator');
      const list = await request(app)
        .get(`/events/${event.id}/programme`)
        .set(authHeader)
        .expect(200);
      assert.match(list.text, /Readable/);
      assert.doesNotMatch(list.text, /New programme item/);
      await request(app).get(`/events/${event.id}/programme/new`).set(authHeader).expect(403);
    });
  });

  describe('directory', () => {
    it('when there are more projects than fit a page, then the list pages through them', async () => {
      for (let i = 0; i < 23; i += 1)
        await buildProject({ acronym: `P${String(i).padStart(2, '0')}` });
      const first = await request(app).get('/directory/projects').set(admin).expect(200);
      assert.equal((first.text.match(/<tr>/g) ?? []).length, 21, 'header row + 20');
      // Handlebars writes '=' in attributes as &#x3D;, which the browser reads as '='.
      assert.match(first.text, /href='\/directory\/projects\?page&#x3D;2' rel='next'/);
      const second = await request(app).get('/directory/projects?page=2').set(admin).expect(200);
      assert.equal((second.text.match(/<tr>/g) ?? []).length, 4, 'header row + 3');
      assert.match(second.text, /P22/);
    });

    it('when a directory list is empty, then it offers the create form to admins and explains to others', async () => {
      const res = await request(app).get('/directory/organisations').set(admin).expect(200);
      assert.match(res.text, /No organisations yet\./);
      assert.match(res.text, /href='\/directory\/organisations\/new'/);
      const { authHeader } = await signInAs(app, 'comms');
      const other = await request(app).get('/directory/organisations').set(authHeader).expect(200);
      assert.doesNotMatch(other.text, /\/directory\/organisations\/new/);
    });

    it('when a non-admin posts a directory form, then it is refused and nothing is stored', async () => {
      const { authHeader } = await signInAs(app, 'comms');
      await request(app)
        .post('/directory/projects')
        .set(authHeader)
        .type('form')
        .send({ acronym: 'NOPE', name: 'Not allowed' })
        .expect(403);
      assert.equal((await listProjects({ page: 1, limit: 5, sort: 'name' })).total, 0);
    });

    it('when a project is edited with its website cleared and a bad colour, then the colour error is shown; fixed, the website is cleared', async () => {
      const project = await buildProject({ website: 'https://example.org' });
      const bad = await request(app)
        .post(`/directory/projects/${project.id}/edit`)
        .set(admin)
        .type('form')
        .send({
          acronym: project.acronym,
          name: project.name,
          colour: 'blue',
          website: '',
          logoUrl: '',
        });
      assert.equal(bad.status, 400);
      assert.match(bad.text, /id='field-colour-error' class='field-error'>Must be a hex colour/);
      await request(app)
        .post(`/directory/projects/${project.id}/edit`)
        .set(admin)
        .type('form')
        .send({
          acronym: project.acronym,
          name: project.name,
          colour: '#112233',
          website: '',
          logoUrl: '',
        })
        .expect(303);
      const saved = await getProject(project.id);
      assert.equal(saved.website, undefined);
      assert.equal(saved.colour, '#112233');
    });
  });

  describe('dashboard', () => {
    it('when every event is in the past, then the dashboard says so, offers an admin the form and shows the recent events', async () => {
      for (const [name, start] of [
        ['Oldest Past Event', '2019-05-01'],
        ['Older Past Event', '2020-05-01'],
        ['Past Event A', '2021-05-01'],
        ['Past Event B', '2022-05-01'],
        ['Past Event C', '2023-05-01'],
        ['Latest Past Event', '2024-05-01'],
      ] as const) {
        await buildEvent({ name, startDate: start, endDate: start });
      }
      const res = await request(app).get('/').set(admin).expect(200);
      assert.match(res.text, /No upcoming events\./);
      assert.match(res.text, /href="\/events\/new">Create an event</);
      assert.match(res.text, /Recent events/);
      assert.ok(res.text.indexOf('Latest Past Event') < res.text.indexOf('Past Event C'));
      assert.doesNotMatch(res.text, /Oldest Past Event/, 'only the five latest');
      assert.match(res.text, /href="\/events">All events \(6\)</);

      const { authHeader } = await signInAs(app, 'facilitator');
      const other = await request(app).get('/').set(authHeader).expect(200);
      assert.match(other.text, /No upcoming events\./);
      assert.doesNotMatch(other.text, /\/events\/new/);
      assert.match(other.text, /Latest Past Event/);
    });
  });
});
