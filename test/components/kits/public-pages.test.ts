import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import sharp from 'sharp';
import {
  createKitType,
  createKits,
  getKit,
  handOutKit,
  listPlayReports,
} from '../../../src/components/kits';
import { createSmtpTransport, type MailTransport } from '../../../src/lib/mailer';
import { createLogger } from '../../../src/lib/logger';
import { buildTestApp } from '../../helpers/app';
import { clearDatabase } from '../../helpers/hooks';
import { startSmtpPeer, type SmtpPeer } from '../../helpers/mail';

describe('kits: public kit page, play reports and claims', function () {
  this.timeout(60_000);
  let app: Express;
  let mail: Awaited<ReturnType<typeof buildTestApp>>['mail'];
  let peer: SmtpPeer;
  let transport: MailTransport;
  let kits: { id: string; serial: string }[];
  let clock: Date;

  beforeEach(async () => {
    await clearDatabase();
    peer = await startSmtpPeer();
    transport = createSmtpTransport(
      peer.url,
      'forumkit <no-reply@forumkit.test>',
      createLogger('silent'),
    );
    // Near the real time: expired claim links are removed by a TTL index on the real clock.
    clock = new Date();
    ({ app, mail } = await buildTestApp({ mailTransport: transport, clock: () => clock }));
    const type = await createKitType({
      name: 'NEB Impact Model Dominoes game',
      serialPrefix: 'DOM',
      description: 'Co-benefits.',
    });
    kits = await createKits(type.id, { count: 3 }, 'https://forumkit.test');
    await handOutKit(
      { kitId: kits[0]!.id },
      {
        recipient: {
          name: 'Secret Holder',
          organisation: 'Hidden City Hall',
          email: 'holder@example.org',
        },
        consents: { followUp: true, newsletter: false },
      },
      clock,
    );
    await handOutKit(
      { kitId: kits[1]!.id },
      { recipient: {}, consents: { followUp: false, newsletter: false } },
      clock,
    );
  });
  afterEach(async () => {
    await mail.worker.stop();
    transport.close();
    await peer.stop();
  });

  const play = (
    serial: string,
    fields: Record<string, string>,
    photo?: { data: Buffer; name: string },
  ) => {
    const req = request(app).post(`/k/${serial}/plays`).set('X-Forwarded-For', '203.0.113.9');
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    if (photo) req.attach('photo', photo.data, photo.name);
    return req;
  };
  const goodPlay = {
    playedOn: '2025-05-20',
    city: 'Rimini',
    country: 'it',
    players: '12',
    setting: 'municipal-team',
    text: '<script>alert(1)</script>',
  };

  it('shows the game and how to report a play, never who holds the kit', async () => {
    const res = await request(app).get(`/k/${kits[0]!.serial}`).expect(200);
    assert.match(res.text, /NEB Impact Model Dominoes game/);
    assert.match(res.text, /Did you play it\?/);
    assert.doesNotMatch(res.text, /Secret Holder|Hidden City Hall|holder@example\.org/);
    await request(app).get('/k/DOM-9999').expect(404);
    await request(app).get('/k/nonsense').expect(404);
  });

  it('stores play reports (several per kit) escaped, with a photo checked by its bytes', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#0a0' } })
      .png()
      .toBuffer();
    await play(kits[0]!.serial, goodPlay, { data: png, name: 'x.txt' }).expect(200);
    await play(kits[0]!.serial, { ...goodPlay, players: '5' }).expect(200);
    const reports = await listPlayReports({ kitId: kits[0]!.id });
    assert.equal(reports.length, 2);
    assert.equal(reports.filter((r) => r.hasPhoto).length, 1);
    assert.equal(reports[0]?.country, 'IT');
    const page = await request(app).get(`/k/${kits[0]!.serial}`).expect(200);
    assert.match(page.text, /Played 2 times so far, with 17 players/);
    const kit = await request(app).get(`/k/${kits[0]!.serial}`);
    assert.doesNotMatch(kit.text, /<script>alert/);

    const fake = await play(kits[0]!.serial, goodPlay, {
      data: Buffer.from('<svg onload=alert(1)>'),
      name: 'a.png',
    }).expect(400);
    assert.match(fake.text, /JPEG or PNG/);
    const bad = await play(kits[0]!.serial, { ...goodPlay, players: '0', country: 'Italy' }).expect(
      400,
    );
    assert.match(bad.text, /players/);
    await play(kits[0]!.serial, { ...goodPlay, playedOn: '2030-01-01' }).expect(400);
    assert.equal((await listPlayReports({ kitId: kits[0]!.id })).length, 2);
  });

  it('limits play reports per visitor across processes (state in MongoDB)', async () => {
    const second = (await buildTestApp({ mailTransport: transport, clock: () => clock })).app;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const target = i % 2 ? second : app;
      const req = request(target)
        .post(`/k/${kits[2]!.serial}/plays`)
        .set('X-Forwarded-For', '198.51.100.7');
      for (const [k, v] of Object.entries(goodPlay)) req.field(k, v);
      statuses.push((await req).status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
  });

  it('claims an anonymous hand-out through a one-time link that works once and expires', async () => {
    const page = await request(app)
      .post(`/k/${kits[1]!.serial}/claim`)
      .type('form')
      .send({ email: 'new.owner@example.org' })
      .expect(200);
    assert.match(page.text, /Check your e-mail/);
    await mail.worker.drain();
    const [message] = await peer.waitForMessages(1);
    assert.deepEqual(message!.envelope.to, ['new.owner@example.org']);
    const link = /https:\/\/forumkit\.test(\/k\/claim\/[A-Za-z0-9_-]+)/.exec(
      message!.parsed.text ?? '',
    )![1]!;
    await request(app).get(link).expect(200);
    await request(app)
      .post(link)
      .type('form')
      .send({
        name: 'New Owner',
        organisation: 'Town of Example',
        city: 'Example',
        country: 'lv',
        followUp: 'yes',
      })
      .expect(200);
    await request(app).get(link).expect(410);
    await request(app).post(link).type('form').send({ name: 'Again' }).expect(410);
    assert.equal((await getKit(kits[1]!.id)).status, 'registered');
  });

  it('sends the confirm link to the known recipient, not to the address typed; expired links are refused', async () => {
    await request(app)
      .post(`/k/${kits[0]!.serial}/claim`)
      .type('form')
      .send({ email: 'attacker@example.org' })
      .expect(200);
    await mail.worker.drain();
    const [message] = await peer.waitForMessages(1);
    assert.deepEqual(message!.envelope.to, ['holder@example.org']);
    const link = /https:\/\/forumkit\.test(\/k\/claim\/[A-Za-z0-9_-]+)/.exec(
      message!.parsed.text ?? '',
    )![1]!;
    clock = new Date(clock.getTime() + 8 * 86_400_000);
    await request(app).get(link).expect(410);
    await request(app)
      .post(`/k/${kits[0]!.serial}/claim`)
      .type('form')
      .send({ email: 'nope' })
      .expect(400);
  });
});
