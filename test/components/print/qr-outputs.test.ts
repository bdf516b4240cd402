import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import sharp from 'sharp';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildEvent, buildProject } from '../../helpers/factories/events';
import { buildPostcard, buildResource } from '../../helpers/factories/qr';
import { clearDatabase } from '../../helpers/hooks';
import { binaryBody, decodeQr, pdfInfo, pdfText, rasterisePdf } from '../../helpers/pdf';
import { getQrCode, setPostcardFrontImage } from '../../../src/components/qr';

const MM = 72 / 25.4;

describe('QR posters and postcards', function () {
  this.timeout(60_000);
  let app: Express;
  let comms: Record<string, string>;
  before(async () => {
    ({ app } = await buildTestApp());
  });
  beforeEach(async () => {
    await clearDatabase();
    ({ authHeader: comms } = await signInAs(app, 'admin'));
  });
  const get = (path: string) => request(app).get(path).set(comms).buffer(true).parse(binaryBody);

  for (const [size, width, height] of [
    ['A4', 210, 297],
    ['A3', 297, 420],
  ] as const) {
    it(`when the ${size} poster of a resource is printed, then its QR decodes to the resource's code and the short address is printed`, async () => {
      const project = await buildProject({ acronym: `P${size}`, name: `Project ${size}` });
      const resource = await buildResource({
        projectId: project.id,
        deliverableCode: 'D7.7',
        title: 'Impact dialogues 2',
        publishedOn: '2025-09-30',
      });
      const code = await getQrCode(resource.qrCodeId!, 'https://forumkit.test');
      const res = await get(`/api/resources/${resource.id}/poster.pdf?size=${size}`).expect(200);
      const pdf = res.body as Buffer;
      const info = await pdfInfo(pdf);
      const [w, h] = (info['Page size'] ?? '').split(' x ').map(parseFloat);
      assert.ok(Math.abs(w! - width * MM) < 1 && Math.abs(h! - height * MM) < 1, info['Page size']);
      const [page] = await rasterisePdf(pdf, 100);
      assert.equal(decodeQr(page!), `https://forumkit.test/q/${code.code}?s=qr`);
      const text = await pdfText(pdf);
      assert.ok(text.includes(`forumkit.test/q/${code.code}`), text);
      assert.match(text, /D7\.7 Impact dialogues 2/);
      assert.match(text, /Published 30 September 2025/);
    });
  }

  it('when postcards are printed for an event, then A6 pages with 3 mm bleed and crop marks, front then back, each back QR its card’s code', async () => {
    const event = await buildEvent();
    const project = await buildProject();
    const front = await sharp({
      create: { width: 600, height: 850, channels: 3, background: '#c04040' },
    })
      .jpeg()
      .toBuffer();
    const cards = [
      await buildPostcard({
        city: 'Constanța',
        country: 'RO',
        projectId: project.id,
        eventIds: [event.id],
        story: 'A port city on the Black Sea.',
      }),
      await buildPostcard({
        city: 'İzmir',
        country: 'TR',
        projectId: project.id,
        eventIds: [event.id],
      }),
    ];
    await setPostcardFrontImage(cards[0]!.id, front);
    const res = await get(`/api/print/postcards.pdf?eventId=${event.id}`).expect(200);
    const pdf = res.body as Buffer;
    const info = await pdfInfo(pdf);
    assert.equal(info.Pages, '4');
    // TrimBox is the A6 card; the media around it carries the bleed and the crop marks.
    const trim = (info.TrimBox ?? '').split(/\s+/).map(parseFloat);
    assert.ok(Math.abs(trim[2]! - trim[0]! - 105 * MM) < 0.5, info.TrimBox);
    assert.ok(Math.abs(trim[3]! - trim[1]! - 148 * MM) < 0.5, info.TrimBox);
    const bleed = (info.BleedBox ?? '').split(/\s+/).map(parseFloat);
    assert.ok(Math.abs(bleed[2]! - bleed[0]! - 111 * MM) < 0.5, info.BleedBox);
    const pages = await rasterisePdf(pdf, 200);
    const codes = await Promise.all(
      cards.map((c) => getQrCode(c.qrCodeId!, 'https://forumkit.test')),
    );
    // Sorted by city: Constanța (front, back), İzmir (front, back).
    assert.equal(decodeQr(pages[1]!), `https://forumkit.test/q/${codes[0]!.code}?s=qr`);
    assert.equal(decodeQr(pages[3]!), `https://forumkit.test/q/${codes[1]!.code}?s=qr`);
    assert.equal(decodeQr(pages[0]!), null, 'no QR on the front');
    const text = await pdfText(pdf);
    assert.match(text, /A port city on the Black Sea/);
    assert.match(text, /İzmir, Turkey|İzmir, Türkiye/);
  });

  it('when nothing matches the postcard selection, then 400 no_postcards', async () => {
    const event = await buildEvent();
    const res = await request(app)
      .get(`/api/print/postcards.pdf?eventId=${event.id}`)
      .set(comms)
      .expect(400);
    assert.equal(res.body.code, 'no_postcards');
  });
});
