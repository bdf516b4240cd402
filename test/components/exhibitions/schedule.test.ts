import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import { XMLParser } from 'fast-xml-parser';
import request from 'supertest';
import { validateXML } from 'xmllint-wasm';
import { addFilm, addScreening } from '../../../src/components/exhibitions';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildProgrammeItem } from '../../helpers/factories/events';
import { buildStand } from '../../helpers/factories/exhibitions';
import { clearDatabase } from '../../helpers/hooks';

const XSD = readFileSync(path.join(__dirname, '../../fixtures/schedule.xsd'), 'utf8');

async function validate(xml: string) {
  return validateXML({
    xml: [{ fileName: 'schedule.xml', contents: xml }],
    schema: [{ fileName: 'schedule.xsd', contents: XSD }],
  });
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  // Lists by their place in the tree (an event's own <room> is a single value).
  isArray: (_name, jpath) =>
    [
      'schedule.day',
      'schedule.day.room',
      'schedule.day.room.event',
      'schedule.day.room.event.persons.person',
      'schedule.day.room.event.links.link',
    ].includes(String(jpath)),
});

type XmlEvent = Record<string, unknown> & {
  '@id': string;
  '@guid': string;
  slug: string;
  title: string;
};
type XmlRoom = { '@name': string; event?: XmlEvent[] };
type XmlDay = {
  '@index': string;
  '@date': string;
  '@start': string;
  '@end': string;
  room?: XmlRoom[];
};

describe('exhibitions: frab schedule XML and JSON', () => {
  let app: Express;
  let auth: Record<string, string>;
  const now = new Date('2025-05-01T09:00:00Z');

  before(async () => {
    ({ app } = await buildTestApp({ clock: () => now }));
  });
  beforeEach(async () => {
    await clearDatabase();
    ({ authHeader: auth } = await signInAs(app, 'facilitator'));
  });

  async function plannedEvent() {
    const built = await buildStand({
      hours: [
        { start: '2025-05-06T06:00:00Z', end: '2025-05-06T15:00:00Z' },
        { start: '2025-05-07T06:00:00Z', end: '2025-05-07T10:00:00Z' },
      ],
    });
    const film = await addFilm(built.stand.id, {
      title: 'Ålesund',
      city: 'Ålesund',
      durationMinutes: 12,
      url: 'https://example.org/films/alesund',
    });
    await addScreening(built.stand.id, {
      mode: 'fixed',
      filmIds: [film.id],
      zoneId: built.stand.zones[0]!.id,
      start: new Date('2025-05-06T11:00:00Z'),
    });
    await buildProgrammeItem({
      eventId: built.event.id,
      title: 'World Café: streets & <squares>',
      location: 'Hall B',
      description: 'Tables on water, heat and housing.',
      start: new Date('2025-05-07T11:00:00Z'),
      end: new Date('2025-05-07T12:30:00Z'),
    });
    await buildProgrammeItem({
      eventId: built.event.id,
      title: 'Cancelled talk',
      status: 'cancelled',
      start: new Date('2025-05-08T07:00:00Z'),
      end: new Date('2025-05-08T08:00:00Z'),
    });
    return built;
  }

  const getXml = async (eventId: string) => {
    const res = await request(app).get(`/api/events/${eventId}/schedule.xml`).set(auth).expect(200);
    assert.match(res.headers['content-type'] ?? '', /^application\/xml/);
    return res.text;
  };

  it('when the schedule XML is fetched, then it validates against the schedule XSD and parses back with every item', async () => {
    const { event, stand } = await plannedEvent();
    const xml = await getXml(event.id);
    const result = await validate(xml);
    assert.deepEqual(result.errors, []);
    assert.equal(result.valid, true);

    const doc = parser.parse(xml).schedule;
    assert.equal(doc.conference.title, event.name);
    assert.equal(doc.conference.start, '2025-05-06');
    assert.equal(doc.conference.end, '2025-05-08');
    assert.equal(doc.conference.days, '3');
    assert.equal(doc.conference.time_zone_name, 'Europe/Vilnius');
    const days = doc.day as XmlDay[];
    assert.deepEqual(
      days.map((d) => [d['@index'], d['@date'], d['@start'], d['@end']]),
      [
        ['1', '2025-05-06', '2025-05-06T00:00:00+03:00', '2025-05-07T00:00:00+03:00'],
        ['2', '2025-05-07', '2025-05-07T00:00:00+03:00', '2025-05-08T00:00:00+03:00'],
        ['3', '2025-05-08', '2025-05-08T00:00:00+03:00', '2025-05-09T00:00:00+03:00'],
      ],
    );
    const rows = days.flatMap((d) =>
      (d.room ?? []).flatMap((r) =>
        (r.event ?? []).map((e) => [
          d['@date'],
          r['@name'],
          e.room,
          e.title,
          e.date,
          e.start,
          e.duration,
          e.type,
          e.track,
        ]),
      ),
    );
    assert.deepEqual(rows, [
      [
        '2025-05-06',
        stand.name,
        stand.name,
        `${stand.name} open`,
        '2025-05-06T09:00:00+03:00',
        '09:00',
        '09:00',
        'other',
        'Exhibition',
      ],
      [
        '2025-05-06',
        `${stand.name} – Film corner`,
        `${stand.name} – Film corner`,
        'Screening: Ålesund',
        '2025-05-06T14:00:00+03:00',
        '14:00',
        '00:12',
        'screening',
        'Exhibition',
      ],
      [
        '2025-05-07',
        stand.name,
        stand.name,
        `${stand.name} open`,
        '2025-05-07T09:00:00+03:00',
        '09:00',
        '04:00',
        'other',
        'Exhibition',
      ],
      [
        '2025-05-07',
        'Hall B',
        'Hall B',
        'World Café: streets & <squares>',
        '2025-05-07T14:00:00+03:00',
        '14:00',
        '01:30',
        'other',
        'Programme',
      ],
    ]);
    const screening = days[0]!.room![1]!.event![0]!;
    const links = (screening.links as { link: { '@href': string }[] }).link.map((l) => l['@href']);
    assert.ok(links.includes('https://example.org/films/alesund'));
  });

  it('when it is fetched again after a change, then ids, guids and slugs of the unchanged items stay the same and are unique', async () => {
    const { event } = await plannedEvent();
    const identities = (xml: string) =>
      (parser.parse(xml).schedule.day as XmlDay[])
        .flatMap((d) => (d.room ?? []).flatMap((r) => r.event ?? []))
        .map((e) => ({ title: e.title, id: e['@id'], guid: e['@guid'], slug: e.slug }));
    const first = identities(await getXml(event.id));
    assert.equal(new Set(first.map((e) => e.guid)).size, first.length);
    assert.equal(new Set(first.map((e) => e.id)).size, first.length);
    assert.equal(new Set(first.map((e) => e.slug)).size, first.length);
    for (const e of first)
      assert.match(e.guid, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await buildProgrammeItem({
      eventId: event.id,
      title: 'Opening plenary',
      start: new Date('2025-05-06T05:00:00Z'),
      end: new Date('2025-05-06T06:00:00Z'),
    });
    const second = identities(await getXml(event.id));
    assert.equal(second.length, first.length + 1);
    for (const item of first)
      assert.deepEqual(
        second.find((e) => e.guid === item.guid),
        item,
      );
  });

  it('when a document breaks the format, then the XSD refuses it (the validation is real)', async () => {
    const { event } = await plannedEvent();
    const xml = await getXml(event.id);
    const firstGuid = /guid="([^"]+)"/.exec(xml)![1]!;
    const duplicated = xml.replace(/(<event id="\d+" guid=")[^"]+(")/g, `$1${firstGuid}$2`);
    const result = await validate(duplicated);
    assert.equal(result.valid, false);
    assert.match(
      result.errors.map((e) => e.rawMessage).join('\n'),
      /unique_event_guid|Duplicate key/,
    );
    const badStart = await validate(xml.replace(/<start>09:00<\/start>/, '<start>9 am</start>'));
    assert.equal(badStart.valid, false);
  });

  it('when the schedule JSON is fetched, then it has the same days, rooms and events as the XML', async () => {
    const { event } = await plannedEvent();
    const json = (
      await request(app).get(`/api/events/${event.id}/schedule.json`).set(auth).expect(200)
    ).body;
    const xmlDays = parser.parse(await getXml(event.id)).schedule.day as XmlDay[];
    const conference = json.schedule.conference;
    assert.equal(conference.acronym, event.slug.length >= 4 ? event.slug : `${event.slug}-event`);
    assert.equal(conference.time_zone_name, 'Europe/Vilnius');
    assert.equal(conference.daysCount, 3);
    assert.equal(conference.days.length, 3);
    const fromJson = conference.days.flatMap(
      (d: {
        date: string;
        rooms: Record<
          string,
          {
            guid: string;
            id: number;
            slug: string;
            start: string;
            duration: string;
            date: string;
          }[]
        >;
      }) =>
        Object.entries(d.rooms).flatMap(([room, events]) =>
          events.map((e) => [
            d.date,
            room,
            e.guid,
            String(e.id),
            e.slug,
            e.date,
            e.start,
            e.duration,
          ]),
        ),
    );
    const fromXml = xmlDays.flatMap((d) =>
      (d.room ?? []).flatMap((r) =>
        (r.event ?? []).map((e) => [
          d['@date'],
          r['@name'],
          e['@guid'],
          e['@id'],
          e.slug,
          e.date,
          e.start,
          e.duration,
        ]),
      ),
    );
    assert.deepEqual(fromJson, fromXml);
    assert.equal(fromJson.length, 4);
  });

  it('when the event is unknown or nobody is signed in, then the answer is 404 or 401', async () => {
    await request(app)
      .get('/api/events/0123456789abcdef01234567/schedule.xml')
      .set(auth)
      .expect(404);
    await request(app).get('/api/events/not-an-id/schedule.json').set(auth).expect(404);
    const { event } = await buildStand();
    await request(app).get(`/api/events/${event.id}/schedule.xml`).expect(401);
  });
});
