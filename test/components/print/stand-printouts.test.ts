import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import {
  addFilm,
  addMaterial,
  addScreening,
  addTeamMember,
  updateStand,
} from '../../../src/components/exhibitions';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildPerson, buildProgrammeItem, buildProject } from '../../helpers/factories/events';
import { buildStand } from '../../helpers/factories/exhibitions';
import { clearDatabase } from '../../helpers/hooks';
import { binaryBody, pdfInfo, pdfText } from '../../helpers/pdf';

// 1 May 2025, 12:00 in Vilnius; the event runs 6–8 May 2025 (UTC+3).
const NOW = new Date('2025-05-01T09:00:00Z');

describe('stand printouts: rota, programme poster, packing list', () => {
  let app: Express;
  let admin: Record<string, string>;
  before(async () => {
    ({ app } = await buildTestApp({ clock: () => NOW }));
  });
  beforeEach(async () => {
    await clearDatabase();
    ({ authHeader: admin } = await signInAs(app, 'admin'));
  });

  const pdf = (path: string, auth = admin) =>
    request(app).get(path).set(auth).buffer(true).parse(binaryBody);
  /** Problems come back as JSON; the binary parser leaves them as bytes. */
  const code = (res: request.Response) => JSON.parse(String(res.body)).code as string;

  async function standWithShifts() {
    const built = await buildStand({
      team: ['lead', 'booth'],
      hours: [
        { start: '2025-05-06T06:00:00Z', end: '2025-05-06T15:00:00Z' },
        { start: '2025-05-07T06:00:00Z', end: '2025-05-07T15:00:00Z' },
      ],
    });
    const phonePerson = await buildPerson({ name: 'Ieva Žukauskaitė' });
    await addTeamMember(built.stand.id, {
      personId: phonePerson.id,
      projectId: built.project.id,
      role: 'av',
      phone: '+370 600 12345',
    });
    const zoneId = built.stand.zones[0]!.id;
    const shift = (start: string, end: string, assignees: string[], needs = 1) =>
      request(app)
        .post(`/api/stands/${built.stand.id}/shifts`)
        .set(admin)
        .send({ start, end, zoneId, needs: [{ role: 'booth', count: needs }], assignees })
        .expect(201);
    const [lead, booth] = built.people;
    await shift('2025-05-06T06:00:00Z', '2025-05-06T08:00:00Z', [lead!.id]);
    await shift('2025-05-06T08:00:00Z', '2025-05-06T10:30:00Z', [booth!.id, phonePerson.id], 3);
    await shift('2025-05-06T13:15:00Z', '2025-05-06T15:00:00Z', [phonePerson.id]);
    await shift('2025-05-07T07:00:00Z', '2025-05-07T09:00:00Z', [lead!.id]);
    return { ...built, phonePerson };
  }

  it('when the rota of one day is printed, then its one page lists every shift of that day and no other, without phone numbers', async () => {
    const { stand, people } = await standWithShifts();
    const res = await pdf(`/api/stands/${stand.id}/rota.pdf?day=2025-05-06`).expect(200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const info = await pdfInfo(res.body as Buffer);
    assert.equal(info.Pages, '1');
    const text = await pdfText(res.body as Buffer);
    for (const expected of [
      'Tuesday 6 May 2025',
      '09:00–11:00',
      '11:00–13:30',
      '16:15–18:00',
      'Ieva Žukauskaitė',
      people[0]!.name,
      people[1]!.name,
      '1 open',
      'Film corner',
    ]) {
      assert.ok(text.includes(expected), `missing "${expected}" in:\n${text}`);
    }
    assert.ok(!text.includes('10:00–12:00'), 'a shift of another day is on the page');
    assert.ok(!text.includes('+370 600 12345'), 'a phone number was printed without asking');
  });

  it('when a manager asks for phones and no day, then every day has its page and phone numbers are printed', async () => {
    const { stand } = await standWithShifts();
    const res = await pdf(`/api/stands/${stand.id}/rota.pdf?phones=true`).expect(200);
    const info = await pdfInfo(res.body as Buffer);
    assert.equal(info.Pages, '3');
    const pages = (await pdfText(res.body as Buffer)).split('\f');
    assert.ok(pages[0]!.includes('+370 600 12345'));
    assert.ok(pages[1]!.includes('Wednesday 7 May 2025') && pages[1]!.includes('10:00–12:00'));
    assert.ok(pages[2]!.includes('No shifts on this day.'));
  });

  it('when the day is not the event’s or phones are asked by a non-manager, then the answer is a clear 4xx', async () => {
    const { stand } = await standWithShifts();
    const outside = await pdf(`/api/stands/${stand.id}/rota.pdf?day=2025-05-09`).expect(400);
    assert.equal(code(outside), 'day_outside_event');
    const malformed = await pdf(`/api/stands/${stand.id}/rota.pdf?day=6.5.2025`).expect(400);
    assert.equal(code(malformed), 'validation_failed');
    const { authHeader: facilitator } = await signInAs(app, 'facilitator');
    await pdf(`/api/stands/${stand.id}/rota.pdf?day=2025-05-06`, facilitator).expect(200);
    const phones = await pdf(`/api/stands/${stand.id}/rota.pdf?phones=true`, facilitator).expect(
      403,
    );
    assert.equal(code(phones), 'forbidden');
    await pdf('/api/stands/0123456789abcdef01234567/rota.pdf').expect(404);
    await request(app).get(`/api/stands/${stand.id}/rota.pdf`).expect(401);
  });

  it('when the programme poster is printed, then it is A3 with opening hours, screenings and the World Café session', async () => {
    const { stand, event } = await standWithShifts();
    const film = await addFilm(stand.id, { title: 'Rijeka', city: 'Rijeka', durationMinutes: 20 });
    await addScreening(stand.id, {
      mode: 'fixed',
      filmIds: [film.id],
      zoneId: stand.zones[0]!.id,
      start: new Date('2025-05-06T11:00:00Z'),
    });
    await buildProgrammeItem({
      eventId: event.id,
      title: 'World Café: cities and water',
      location: 'Hall B',
      start: new Date('2025-05-07T11:00:00Z'),
      end: new Date('2025-05-07T12:30:00Z'),
    });
    const res = await pdf(`/api/stands/${stand.id}/programme.pdf`).expect(200);
    const info = await pdfInfo(res.body as Buffer);
    assert.match(info['Page size'] ?? '', /841\.89 x 1190\.55/);
    const text = await pdfText(res.body as Buffer);
    for (const expected of [
      'Opening hours',
      'Tuesday 6 May 2025',
      '09:00–18:00',
      'Screenings',
      'Rijeka (Rijeka)',
      '14:00–14:20',
      'World Café',
      'World Café: cities and water',
      '14:00–15:30',
      'Hall B',
    ]) {
      assert.ok(text.includes(expected), `missing "${expected}" in:\n${text}`);
    }
  });

  it('when there is no World Café in the event, then the poster has no such section', async () => {
    const { stand } = await buildStand();
    const text = await pdfText(
      (await pdf(`/api/stands/${stand.id}/programme.pdf`).expect(200)).body,
    );
    assert.ok(!text.includes('World Café'));
    assert.ok(text.includes('Opening hours to be announced.'));
    assert.ok(text.includes('No screenings planned yet.'));
  });

  it('when the packing list is printed, then materials are grouped under their owner project', async () => {
    const { stand, project } = await buildStand();
    const second = await buildProject({ name: 'Aardvark Cities', acronym: 'AARD' });
    await updateStand(stand.id, { projectIds: [project.id, second.id] });
    await addMaterial(
      stand.id,
      {
        name: 'Postcards',
        kind: 'postcard',
        quantityNeeded: 500,
        quantityPacked: 200,
        ownerProjectId: project.id,
        status: 'ordered',
        dueDate: '2025-04-30',
      },
      NOW,
    );
    await addMaterial(
      stand.id,
      {
        name: 'Game kits',
        kind: 'game-kit',
        quantityNeeded: 3,
        ownerProjectId: second.id,
      },
      NOW,
    );
    const text = await pdfText(
      (await pdf(`/api/stands/${stand.id}/packing-list.pdf`).expect(200)).body,
    );
    // Owners in name order, each followed by its own items.
    const aard = text.indexOf('Aardvark Cities');
    const first = text.indexOf(project.name);
    assert.ok(aard >= 0 && first > aard, text);
    assert.ok(text.indexOf('Game kits') > aard && text.indexOf('Game kits') < first);
    assert.ok(text.indexOf('Postcards') > first);
    assert.ok(text.includes('☐ 500 needed'));
    assert.ok(text.includes('200 packed · 0 on site'));
    assert.ok(text.includes('LATE · ordered · due 2025-04-30'));
  });

  it('when the OpenAPI document is read, then the printouts are there as PDFs', async () => {
    const doc = await request(app).get('/api/openapi.json').expect(200);
    for (const path of ['rota.pdf', 'programme.pdf', 'packing-list.pdf']) {
      const op = doc.body.paths[`/api/stands/{id}/${path}`]?.get;
      assert.ok(op, path);
      assert.ok(op.responses['200'].content['application/pdf'], path);
    }
  });
});
