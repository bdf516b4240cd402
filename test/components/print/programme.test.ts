import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildEvent, buildProgrammeItem } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';
import { binaryBody, decodeQr, pdfFonts, pdfInfo, pdfText, rasterisePdf } from '../../helpers/pdf';
import { renderEventProgrammePdf } from '../../../src/components/print';

const MISSING_ID = '0123456789abcdef01234567';
// 10:30 in Vilnius (UTC+3 in May).
const NOW = new Date('2025-05-06T07:30:00Z');

describe('event programme printout', () => {
  let app: Express;
  let organiser: { Authorization: string };
  before(async () => {
    ({ app } = await buildTestApp({ clock: () => NOW }));
  });
  beforeEach(async () => {
    await clearDatabase();
    ({ authHeader: organiser } = await signInAs(app, 'facilitator'));
  });

  const getProgramme = (eventId: string) =>
    request(app)
      .get(`/api/events/${eventId}/programme.pdf`)
      .set(organiser)
      .buffer(true)
      .parse(binaryBody);

  it('when an organiser prints the programme, then the text, diacritics, times and metadata read back intact', async () => {
    const event = await buildEvent({
      name: 'Re-Value Days in Constanța',
      city: 'Constanța',
      country: 'RO',
      venue: 'Casino',
      timeZone: 'Europe/Bucharest',
      startDate: '2025-05-06',
      endDate: '2025-05-07',
      organiser: 'Re-Value',
      description: 'Film stories from Ålesund and Rijeka.',
    });
    await buildProgrammeItem({
      eventId: event.id,
      title: 'Waterfronts of İzmir',
      location: 'Písek hall',
      description: 'How water shapes urban planning.',
      start: new Date('2025-05-06T07:00:00Z'),
      end: new Date('2025-05-06T08:30:00Z'),
    });
    await buildProgrammeItem({
      eventId: event.id,
      title: 'Closing plenary',
      status: 'cancelled',
      start: new Date('2025-05-07T12:00:00Z'),
      end: new Date('2025-05-07T13:00:00Z'),
    });

    const res = await getProgramme(event.id).expect(200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(
      res.headers['content-disposition'],
      `inline; filename="Re-Value Days in Constanta - programme.pdf"; filename*=UTF-8''Re-Value%20Days%20in%20Constan%C8%9Ba%20%E2%80%93%20programme.pdf`,
    );
    const pdf = res.body as Buffer;
    const text = await pdfText(pdf);
    for (const expected of [
      'Re-Value Days in Constanța',
      'Casino, Constanța, Romania · 6–7 May 2025',
      'Film stories from Ålesund and Rijeka.',
      'Tuesday 6 May 2025',
      '10:00–11:30',
      'Waterfronts of İzmir',
      'Písek hall',
      'Wednesday 7 May 2025',
      'CANCELLED · Closing plenary',
      'Generated 6 May 2025, 10:30 (Europe/Bucharest)',
      'Page 1 of 1',
    ]) {
      assert.ok(text.includes(expected), `"${expected}" in:\n${text}`);
    }
    const info = await pdfInfo(pdf);
    assert.equal(info.Title, 'Re-Value Days in Constanța — programme');
    assert.equal(info.Author, 'Re-Value');
    assert.equal(info.Pages, '1');
  });

  it('when the programme is printed, then its QR code is the event page code, which leads to the public event page even when the event has its own site', async () => {
    const withUrl = await buildEvent({ url: 'https://example.org/cities-mission-2025' });
    const without = await buildEvent();
    for (const event of [withUrl, without]) {
      const [page] = await rasterisePdf((await getProgramme(event.id).expect(200)).body as Buffer);
      const decoded = decodeQr(page!) ?? '';
      const match = /^https:\/\/forumkit\.test\/q\/([a-z0-9]{7})\?s=qr$/.exec(decoded);
      assert.ok(match, decoded);
      const scan = await request(app).get(`/q/${match[1]}?s=qr`).expect(302);
      assert.equal(scan.headers.location, `/e/${event.slug}?c=${match[1]}`);
      // Printing again reuses the same code: the paper already out there keeps working.
      const [again] = await rasterisePdf((await getProgramme(event.id).expect(200)).body as Buffer);
      assert.equal(decodeQr(again!), decoded);
    }
  });

  it('when the programme is longer than a page, then it continues on numbered pages', async () => {
    const event = await buildEvent();
    for (let i = 0; i < 45; i++) {
      const start = new Date(Date.UTC(2025, 4, 6 + Math.floor(i / 15), 6 + (i % 15)));
      await buildProgrammeItem({
        eventId: event.id,
        title: `Session ${i + 1}`,
        description: 'A table conversation on climate-neutral waterfronts. '.repeat(3),
        start,
        end: new Date(start.getTime() + 45 * 60_000),
      });
    }
    const pdf = (await getProgramme(event.id).expect(200)).body as Buffer;
    const pages = Number((await pdfInfo(pdf)).Pages);
    assert.ok(pages >= 2, `pages: ${pages}`);
    const text = await pdfText(pdf);
    assert.ok(text.includes(`Page ${pages} of ${pages}`));
    for (let i = 1; i <= 45; i++) assert.ok(text.includes(`Session ${i}\n`), `Session ${i}`);
  });

  it('when printed, then every font is embedded as a subset (no base-14 Helvetica that cannot print ț or İ)', async () => {
    const event = await buildEvent({ name: 'Waterfronts of İzmir and Constanța' });
    const fonts = await pdfFonts((await getProgramme(event.id).expect(200)).body as Buffer);
    assert.ok(fonts.length > 0);
    for (const font of fonts) {
      assert.ok(font.embedded, `${font.name} embedded`);
      assert.ok(font.subset, `${font.name} subset`);
      assert.match(font.name, /^[A-Z]{6}\+DejaVu/, `${font.name} is a DejaVu subset`);
    }
  });

  it('when printed in winter and in summer, then the generated-at footer follows Vilnius across the DST change', async () => {
    const event = await buildEvent({ timeZone: 'Europe/Vilnius' });
    const footerAt = async (now: Date) =>
      pdfText(
        await renderEventProgrammePdf(event.id, { publicBaseUrl: 'https://forumkit.test', now }),
      );
    // 07:30 UTC is 09:30 in winter (UTC+2) and 10:30 in summer (UTC+3).
    assert.match(
      await footerAt(new Date('2025-03-29T07:30:00Z')),
      /Generated 29 Mar 2025, 09:30 \(Europe\/Vilnius\)/,
    );
    assert.match(
      await footerAt(new Date('2025-03-30T07:30:00Z')),
      /Generated 30 Mar 2025, 10:30 \(Europe\/Vilnius\)/,
    );
    // 23:30 UTC on 25 October is already the next day in Vilnius, still summer time.
    assert.match(
      await footerAt(new Date('2025-10-25T23:30:00Z')),
      /Generated 26 Oct 2025, 02:30 \(Europe\/Vilnius\)/,
    );
  });

  it('when the event is known only to the month, then the printout names the month and no invented day', async () => {
    const event = await buildEvent({
      name: 'Re-Value Final Conference',
      startDate: '2026-10-01',
      endDate: '2026-10-31',
      datePrecision: 'month',
      timeZone: 'Europe/Brussels',
    });
    const pdf = (await getProgramme(event.id).expect(200)).body as Buffer;
    const text = await pdfText(pdf);
    assert.match(text, /· October 2026/);
    assert.doesNotMatch(
      text,
      /\b(1|31) Oct(ober)? 2026/,
      'no first or last day of the month shown',
    );
    const info = await pdfInfo(pdf);
    assert.match(info.Subject ?? '', /October 2026$/);
  });

  it('when the event has no programme yet, then the printout says so', async () => {
    const event = await buildEvent();
    const text = await pdfText((await getProgramme(event.id).expect(200)).body as Buffer);
    assert.match(text, /No programme items yet\./);
  });

  it('when nobody is signed in, then the answer is 401', async () => {
    const event = await buildEvent();
    const res = await request(app).get(`/api/events/${event.id}/programme.pdf`).expect(401);
    assert.equal(res.body.code, 'unauthenticated');
  });

  it('when the event does not exist or the id is malformed, then the answer is 404', async () => {
    await request(app).get(`/api/events/${MISSING_ID}/programme.pdf`).set(organiser).expect(404);
    await request(app).get('/api/events/not-an-id/programme.pdf').set(organiser).expect(404);
  });

  it('when the API document is read, then the programme printout is listed as application/pdf', async () => {
    const res = await request(app).get('/api/openapi.json').expect(200);
    assert.ok(
      res.body.paths['/api/events/{id}/programme.pdf'].get.responses['200'].content[
        'application/pdf'
      ],
    );
  });
});
