import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import request from 'supertest';
import { buildTestApp } from '../../helpers/app';
import { buildEvent } from '../../helpers/factories/events';
import { buildQrCode, buildResource } from '../../helpers/factories/qr';
import { clearDatabase } from '../../helpers/hooks';
import { scanStats, updateQrCode } from '../../../src/components/qr';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

type Built = Awaited<ReturnType<typeof buildTestApp>>;

async function listen(built: Built): Promise<{ base: string; server: Server }> {
  const server = createServer(built.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const close = (server: Server) =>
  new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });

describe('scan path /q/<code>', function () {
  this.timeout(120_000);
  let built: Built;
  beforeEach(async () => {
    await clearDatabase();
    built = await buildTestApp();
  });
  afterEach(async () => {
    // Nothing buffered may land in the next test's database.
    await built.qr.stop();
  });

  it('when a code is scanned, then 302 to its target at once, private and never cached, and the scan is counted', async () => {
    const resource = await buildResource();
    const code = (await buildQrCode({ target: { resourceId: resource.id } })).code;
    const res = await request(built.app)
      .get(`/q/${code}?s=qr`)
      .set('User-Agent', IPHONE)
      .expect(302);
    assert.equal(res.headers.location, `/r/${resource.id}?c=${code}`);
    assert.match(res.headers['cache-control'] ?? '', /no-store/);
    assert.match(res.headers['cache-control'] ?? '', /private/);
    await built.qr.scans.flush();
    const codeView = await buildQrStats(code);
    assert.equal(codeView.scans, 1);
    assert.equal(codeView.qrScans, 1);
    assert.equal(codeView.linkScans, 0);
    assert.equal(codeView.uniqueVisitors, 1);
    assert.equal(codeView.devices.mobile, 1);
  });

  it('when a code leads outside, then the Location is exactly the stored https address and no parameter changes it', async () => {
    const code = (await buildQrCode({ target: { url: 'https://example.org/film' } })).code;
    const res = await request(built.app)
      .get(`/q/${code}?next=https://evil.example&url=https://evil.example`)
      .expect(302);
    assert.equal(res.headers.location, 'https://example.org/film');
  });

  it('when 2,000 scans arrive at once, then exactly 2,000 are counted', async () => {
    const code = (await buildQrCode()).code;
    const { base, server } = await listen(built);
    try {
      const answers = await Promise.all(
        Array.from({ length: 2000 }, (_, i) =>
          fetch(`${base}/q/${code}?s=qr`, {
            redirect: 'manual',
            headers: { 'user-agent': `${IPHONE} n${i % 50}` },
          }).then((r) => r.status),
        ),
      );
      assert.ok(answers.every((s) => s === 302));
    } finally {
      await close(server);
    }
    await built.qr.scans.flush();
    const stats = await buildQrStats(code);
    assert.equal(stats.scans, 2000);
    assert.equal(stats.qrScans, 2000);
    assert.equal(stats.uniqueVisitors, 50);
    assert.equal(await mongoose.connection.db!.collection('qrScans').countDocuments(), 2000);
  });

  it('when two app processes share the database, then every scan through either is counted once', async () => {
    const second = await buildTestApp();
    const code = (await buildQrCode()).code;
    const a = await listen(built);
    const b = await listen(second);
    try {
      await Promise.all(
        Array.from({ length: 600 }, (_, i) =>
          fetch(`${(i % 2 ? a : b).base}/q/${code}`, {
            redirect: 'manual',
            headers: { 'user-agent': IPHONE },
          }),
        ),
      );
    } finally {
      await close(a.server);
      await close(b.server);
    }
    await Promise.all([built.qr.stop(), second.qr.stop()]);
    const stats = await buildQrStats(code);
    assert.equal(stats.scans, 600);
    assert.equal(stats.linkScans, 600);
    // One phone, one address: one visitor for the day, though it went through both processes.
    assert.equal(stats.uniqueVisitors, 1);
  });

  it('when bots, link previewers, prefetches and HEAD requests come, then bots are counted apart and the rest not at all', async () => {
    const code = (await buildQrCode()).code;
    const agents = [
      'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'WhatsApp/2.23.20.0',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    ];
    for (const ua of agents)
      await request(built.app).get(`/q/${code}`).set('User-Agent', ua).expect(302);
    await request(built.app)
      .get(`/q/${code}`)
      .set('User-Agent', IPHONE)
      .set('Sec-Purpose', 'prefetch')
      .expect(302);
    await request(built.app)
      .get(`/q/${code}`)
      .set('User-Agent', IPHONE)
      .set('Purpose', 'prefetch')
      .expect(302);
    await request(built.app).head(`/q/${code}`).set('User-Agent', IPHONE).expect(302);
    await built.qr.scans.flush();
    const stats = await buildQrStats(code);
    assert.equal(stats.botScans, agents.length);
    assert.equal(stats.scans, 0);
    assert.equal(stats.uniqueVisitors, 0);
  });

  it('when a code is unknown, malformed or disabled, then a small 404 or 410 page, not cached, nothing counted', async () => {
    const code = await buildQrCode({ label: 'Old poster' });
    await request(built.app).get('/q/zzzzzzz').expect(404);
    const bad = await request(built.app).get('/q/%3Cscript%3E').expect(404);
    assert.ok(!bad.text.includes('<script>'));
    await updateQrCode(code.id, { enabled: false }, 'https://forumkit.test');
    const gone = await request(built.app).get(`/q/${code.code}`).expect(410);
    assert.match(gone.text, /Old poster/);
    assert.match(gone.headers['cache-control'] ?? '', /no-store/);
    await built.qr.scans.flush();
    assert.equal(await mongoose.connection.db!.collection('qrScans').countDocuments(), 0);
  });

  it('when a code is retargeted, then the next scan goes to the new target', async () => {
    const event = await buildEvent();
    const code = await buildQrCode();
    await request(built.app)
      .get(`/q/${code.code}`)
      .expect(302)
      .expect('Location', 'https://example.org/x');
    await updateQrCode(code.id, { target: { eventId: event.id } }, 'https://forumkit.test');
    await request(built.app)
      .get(`/q/${code.code}`)
      .expect(302)
      .expect('Location', `/e/${event.slug}?c=${code.code}`);
  });

  it('when scans were recorded, then no IP address or user agent is anywhere in the database, and old salts are gone', async () => {
    const code = (await buildQrCode()).code;
    const ua = `${IPHONE} unique-marker-4711`;
    await request(built.app)
      .get(`/q/${code}`)
      .set('User-Agent', ua)
      .set('Referer', 'https://news.example.org/path?secret=1')
      .set('Accept-Language', 'lt-LT,lt;q=0.9,en;q=0.5')
      .expect(302);
    await built.qr.scans.flush();
    const db = mongoose.connection.db!;
    const dump: string[] = [];
    for (const collection of await db.collections()) {
      dump.push(JSON.stringify(await collection.find().toArray()));
    }
    const all = dump.join('\n');
    assert.ok(!all.includes('127.0.0.1'), 'no IPv4 loopback');
    assert.ok(!all.includes('::ffff:'), 'no IPv6-mapped address');
    assert.ok(!all.includes('unique-marker-4711'), 'no user agent');
    assert.ok(!all.includes('iPhone OS'), 'no user agent fragments');
    assert.ok(!all.includes('secret=1'), 'no referrer path or query');
    const scan = await db.collection('qrScans').findOne();
    assert.equal(scan?.referrerHost, 'news.example.org');
    assert.equal(scan?.language, 'lt');
    const today = new Date().toISOString().slice(0, 10);
    assert.equal(await db.collection('qrVisitorSalts').countDocuments({ day: { $ne: today } }), 0);
  });
});

async function buildQrStats(code: string) {
  const doc = await mongoose.connection.db!.collection('qrCodes').findOne({ code });
  return scanStats([String(doc!._id)], { timeZone: 'Europe/Vilnius' });
}
