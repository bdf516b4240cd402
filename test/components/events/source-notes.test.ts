import assert from 'node:assert/strict';
import request from 'supertest';
import { getEventBySlug } from '../../../src/components/events';
import { createLogger } from '../../../src/lib/logger';
import { seedDatabase } from '../../../seeds';
import { useTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildEvent } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';
import { binaryBody, pdfText } from '../../helpers/pdf';
import { eventsOf } from '../calendars/ics-read';

/**
 * Notes about where data comes from are for organisers: on their pages, set apart,
 * and never in what attendees get (calendars, the printed programme).
 */
describe('source notes', () => {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  beforeEach(async () => {
    await clearDatabase();
  });

  it('when the seeded 2025 conference is shown, printed and exported, then the source notes are only on the organisers’ page', async () => {
    await seedDatabase(createLogger('silent'), new Date('2026-12-01T09:00:00Z'));
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'comms');
    const event = await getEventBySlug('2025-cities-mission-conference');

    const page = await request(app).get(`/events/${event.id}`).set(authHeader).expect(200);
    assert.match(
      page.text,
      /<span class='source-note'><strong>Note for organisers:<\/strong>\s+The source report does not give its day or time/,
    );
    assert.match(page.text, /Note for organisers:<\/strong>\s+Opening hours are not given/);

    const provenance = /source report|not given|does not give/i;
    const ics = await request(app)
      .get(`/api/events/${event.id}/programme.ics`)
      .set(authHeader)
      .expect(200);
    assert.equal(eventsOf(ics.text).length, 4);
    for (const item of eventsOf(ics.text)) {
      assert.doesNotMatch(String(item.description ?? ''), provenance, String(item.summary));
    }
    assert.match(ics.text, /Resource corner/, 'the attendees’ description is there');

    const pdf = await request(app)
      .get(`/api/events/${event.id}/programme.pdf`)
      .set(authHeader)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const printed = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ');
    assert.match(printed, /Resource corner/);
    assert.doesNotMatch(printed, provenance);
  });

  it('when an organiser writes a source note through the API, then it is stored apart from the description and read back', async () => {
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'admin');
    const event = await buildEvent();
    const created = await request(app)
      .post(`/api/events/${event.id}/programme`)
      .set(authHeader)
      .send({
        title: 'Opening',
        description: 'Welcome.',
        sourceNote: 'Time from the organiser’s e-mail of 3 March.',
        start: '2025-03-30T08:00:00Z',
        end: '2025-03-30T09:00:00Z',
      })
      .expect(201);
    assert.equal(created.body.sourceNote, 'Time from the organiser’s e-mail of 3 March.');
    const patched = await request(app)
      .patch(`/api/events/${event.id}`)
      .set(authHeader)
      .send({ sourceNote: 'Dates from the call for papers.' })
      .expect(200);
    assert.equal(patched.body.sourceNote, 'Dates from the call for papers.');
    const ics = await request(app)
      .get(`/api/events/${event.id}/programme-items/${created.body.id}.ics`)
      .set(authHeader)
      .expect(200);
    assert.doesNotMatch(ics.text, /organiser’s e-mail/);
  });
});
