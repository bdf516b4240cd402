import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import type { PNG } from 'pngjs';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildProject } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';
import {
  binaryBody,
  decodeQr,
  mmToPixels,
  pdfInfo,
  pdfText,
  rasterisePdf,
} from '../../helpers/pdf';

/** The stock as its packet gives it (mm), independent of the layout files. */
const STOCK = {
  l7160: { columns: 3, rows: 7, width: 63.5, height: 38.1, left: 7.25, top: 15.15, gapX: 2.5 },
  l7651: { columns: 5, rows: 13, width: 38.1, height: 21.2, left: 4.75, top: 10.7, gapX: 2.5 },
} as const;

/** Scans the QR code in the left square of each label on a page, row by row. */
function scanLabels(
  page: PNG,
  stock: (typeof STOCK)[keyof typeof STOCK],
  dpi: number,
  shift = { x: 0, y: 0 },
) {
  const found: (string | null)[] = [];
  for (let row = 0; row < stock.rows; row++) {
    for (let col = 0; col < stock.columns; col++) {
      const x = stock.left + shift.x + col * (stock.width + stock.gapX);
      const y = stock.top + shift.y + row * stock.height;
      found.push(
        decodeQr(page, mmToPixels({ x, y, width: stock.height + 1, height: stock.height }, dpi)),
      );
    }
  }
  return found;
}

describe('kit label sheets', function () {
  this.timeout(180_000);
  let app: Express;
  let auth: Record<string, string>;
  let typeId: string;
  before(async () => {
    ({ app } = await buildTestApp());
  });
  beforeEach(async () => {
    await clearDatabase();
    // Kit types are event-less things of their project: the comms user works for it.
    const projectId = (await buildProject()).id;
    ({ authHeader: auth } = await signInAs(app, 'comms', { projectIds: [projectId] }));
    typeId = (
      await request(app)
        .post('/api/kit-types')
        .set(auth)
        .send({ name: 'NEB Impact Model Dominoes game', serialPrefix: 'DOM', projectId })
        .expect(201)
    ).body.id;
  });

  const getPdf = (query: string) =>
    request(app)
      .get(`/api/kit-types/${typeId}/labels.pdf?${query}`)
      .set(auth)
      .buffer(true)
      .parse(binaryBody);

  it("when 250 kits are made, then the L7160 labels PDF holds 250 distinct decodable QR codes, each its kit's short address", async () => {
    const made = await request(app)
      .post(`/api/kit-types/${typeId}/kits`)
      .set(auth)
      .send({ count: 250 })
      .expect(201);
    const expected = new Map<string, string>(
      made.body.items.map((k: { serial: string; qrCode: string }) => [
        `https://forumkit.test/q/${k.qrCode}?s=qr`,
        k.serial,
      ]),
    );
    const res = await getPdf('layout=l7160').expect(200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const pdf = res.body as Buffer;
    assert.equal((await pdfInfo(pdf)).Pages, '12');
    const pages = await rasterisePdf(pdf, 150);
    const decoded = pages
      .flatMap((page) => scanLabels(page, STOCK.l7160, 150))
      .filter((v): v is string => v !== null);
    assert.equal(decoded.length, 250);
    assert.equal(new Set(decoded).size, 250);
    for (const url of decoded) assert.ok(expected.has(url), `${url} is a kit's short address`);
    // Serial order, and each label's serial printed beside its code.
    assert.equal(expected.get(decoded[0]!), 'DOM-0001');
    assert.equal(expected.get(decoded[249]!), 'DOM-0250');
    const text = await pdfText(pdf);
    assert.ok(text.includes('DOM-0001') && text.includes('DOM-0250'));
    // A phone scanning a label goes through the registry to that kit's page.
    for (const url of [decoded[0]!, decoded[137]!, decoded[249]!]) {
      const serial = expected.get(url)!;
      const scan = await request(app).get(url.replace('https://forumkit.test', '')).expect(302);
      assert.match(scan.headers.location!, new RegExp(`^/k/${serial}\\?c=`));
      const page = await request(app).get(scan.headers.location!).expect(200);
      assert.ok(page.text.includes(serial));
    }
  });

  it('lays out Avery L7651 (65 per sheet) and moves every label by the calibration offsets', async () => {
    await request(app)
      .post(`/api/kit-types/${typeId}/kits`)
      .set(auth)
      .send({ count: 70 })
      .expect(201);
    const plain = await rasterisePdf(
      (await getPdf('layout=l7651').expect(200)).body as Buffer,
      200,
    );
    assert.equal(plain.length, 2);
    const first = scanLabels(plain[0]!, STOCK.l7651, 200);
    assert.equal(first.filter(Boolean).length, 65);
    assert.equal(scanLabels(plain[1]!, STOCK.l7651, 200).filter(Boolean).length, 5);
    const shifted = await rasterisePdf(
      (await getPdf('layout=l7651&offsetX=1.5&offsetY=-1').expect(200)).body as Buffer,
      200,
    );
    assert.deepEqual(scanLabels(shifted[0]!, STOCK.l7651, 200, { x: 1.5, y: -1 }), first);
  });

  it('rejects bad options and answers 404 without kits', async () => {
    await getPdf('layout=l7160').expect(404);
    await getPdf('layout=l9999').expect(400);
    await getPdf('offsetX=50').expect(400);
    await getPdf('timeZone=Mars/Base').expect(400);
    await request(app).get(`/api/kit-types/${typeId}/labels.pdf`).expect(401);
  });
});
