import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { clearDatabase } from '../../helpers/hooks';
import {
  binaryBody,
  decodeQr,
  mmToPixels,
  pdfInfo,
  pdfText,
  rasterisePdf,
} from '../../helpers/pdf';
import type { PNG } from 'pngjs';
import { buildQrCode } from '../../helpers/factories/qr';

/**
 * Label stock as printed on its packet (mm), independent of the layout files: the
 * test finds each label where the stock says it is and scans it there.
 */
const STOCK = {
  '3x7': { columns: 3, rows: 7, width: 63.5, height: 38.1, left: 7.2, top: 15.15, gapX: 2.5 },
  '2x4': { columns: 2, rows: 4, width: 99.1, height: 67.7, left: 4.65, top: 13.1, gapX: 2.5 },
  // Avery's own figures (see PEERS.md).
  l7160: { columns: 3, rows: 7, width: 63.5, height: 38.1, left: 7.25, top: 15.15, gapX: 2.5 },
  l7651: { columns: 5, rows: 13, width: 38.1, height: 21.2, left: 4.75, top: 10.7, gapX: 2.5 },
} as const;

/** Scans the QR code on each label of a page, row by row; null where none is found. */
function scanLabels(
  page: PNG,
  stock: (typeof STOCK)[keyof typeof STOCK],
  shiftMm = { x: 0, y: 0 },
) {
  const found: (string | null)[] = [];
  for (let row = 0; row < stock.rows; row++) {
    for (let col = 0; col < stock.columns; col++) {
      const x = stock.left + shiftMm.x + col * (stock.width + stock.gapX);
      const y = stock.top + shiftMm.y + row * stock.height;
      // The QR code sits in the left part of the label (a square as tall as the label).
      found.push(
        decodeQr(page, mmToPixels({ x, y, width: stock.height + 1, height: stock.height })),
      );
    }
  }
  return found;
}

/** Registers `n` codes (labels print registered codes only) and returns them in order. */
async function codes(n: number, prefix = 'Kit'): Promise<string[]> {
  const list: string[] = [];
  for (let i = 0; i < n; i++) {
    list.push((await buildQrCode({ kind: 'kit', label: `${prefix} ${i + 1}` })).code);
  }
  return list;
}

describe('QR label sheets', () => {
  let app: Express;
  let comms: { Authorization: string };
  before(async () => {
    ({ app } = await buildTestApp({ clock: () => new Date('2025-05-06T07:30:00Z') }));
  });
  beforeEach(async () => {
    await clearDatabase();
    ({ authHeader: comms } = await signInAs(app, 'comms'));
  });

  const getPdf = (query: string) =>
    request(app).get(`/api/print/qr-labels.pdf?${query}`).set(comms).buffer(true).parse(binaryBody);

  it('when 25 codes go on 3×7 sheets, then there are 2 pages and every label scans back to its short URL', async () => {
    const list = await codes(25);
    const res = await getPdf(
      `layout=3x7&codes=${list.join(',')}&title=${encodeURIComponent('NEB Impact Model Dominoes')}&timeZone=Europe/Vilnius`,
    ).expect(200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.headers['content-disposition'], 'inline; filename="qr-labels-3x7-25.pdf"');
    const pdf = res.body as Buffer;
    const info = await pdfInfo(pdf);
    assert.equal(info.Pages, '2');
    assert.equal(info.Title, 'QR labels (2 sheets)');

    const pages = await rasterisePdf(pdf, 150);
    const scanned = [
      ...scanLabels(pages[0]!, STOCK['3x7']),
      ...scanLabels(pages[1]!, STOCK['3x7']),
    ];
    assert.deepEqual(
      scanned.slice(0, 25),
      list.map((code) => `https://forumkit.test/q/${code}?s=qr`),
    );
    assert.deepEqual(
      scanned.slice(25),
      Array(42 - 25).fill(null),
      'the rest of sheet 2 stays empty',
    );

    const text = await pdfText(pdf);
    assert.ok(text.includes(list[24]!));
    assert.match(text, /Sheet 2 of 2/);
    assert.match(text, /Generated 6 May 2025, 10:30 \(Europe\/Vilnius\)/);
  });

  it('when 10 codes go on 2×4 sheets as a repeated parameter, then 8 fit on the first page and 2 on the second', async () => {
    const list = await codes(10, 'Res');
    const res = await getPdf(`layout=2x4&${list.map((c) => `codes=${c}`).join('&')}`).expect(200);
    const pages = await rasterisePdf(res.body as Buffer, 150);
    assert.equal(pages.length, 2);
    const scanned = [
      ...scanLabels(pages[0]!, STOCK['2x4']),
      ...scanLabels(pages[1]!, STOCK['2x4']),
    ];
    assert.deepEqual(
      scanned.slice(0, 10),
      list.map((code) => `https://forumkit.test/q/${code}?s=qr`),
    );
  });

  it('when a printer offset is given, then every label moves by it', async () => {
    const [a, b] = await codes(2);
    const res = await getPdf(`layout=2x4&codes=${a},${b}&offsetX=6&offsetY=-4`).expect(200);
    const [page] = await rasterisePdf(res.body as Buffer, 150);
    const shifted = scanLabels(page!, STOCK['2x4'], { x: 6, y: -4 });
    assert.deepEqual(shifted.slice(0, 2), [
      `https://forumkit.test/q/${a}?s=qr`,
      `https://forumkit.test/q/${b}?s=qr`,
    ]);
  });

  it('when titles carry diacritics, then they print intact', async () => {
    const [city] = await codes(1);
    const res = await getPdf(
      `codes=${city}&title=${encodeURIComponent('Constanța İzmir')}&subtitle=${encodeURIComponent('Ålesund Písek')}`,
    ).expect(200);
    const text = await pdfText(res.body as Buffer);
    assert.match(text, /Constanța/);
    assert.match(text, /İzmir/);
    assert.match(text, /Ålesund/);
    assert.match(text, /Písek/);
  });

  for (const layout of ['l7160', 'l7651'] as const) {
    it(`when codes go on Avery ${layout.toUpperCase()} stock, then each label scans where the stock has it`, async () => {
      const list = await codes(7);
      const res = await getPdf(`layout=${layout}&codes=${list.join(',')}`).expect(200);
      const [page] = await rasterisePdf(res.body as Buffer, 200);
      const stock = STOCK[layout];
      const found = list.map((_, i) => {
        const col = i % stock.columns;
        const row = Math.floor(i / stock.columns);
        const x = stock.left + col * (stock.width + stock.gapX);
        const y = stock.top + row * stock.height;
        return decodeQr(
          page!,
          mmToPixels({ x, y, width: stock.height + 1, height: stock.height }, 200),
        );
      });
      assert.deepEqual(
        found,
        list.map((code) => `https://forumkit.test/q/${code}?s=qr`),
      );
    });
  }

  it('when a code is not registered, then 400 unregistered_qr_codes naming it, and no PDF', async () => {
    const [known] = await codes(1);
    const res = await getPdf(`codes=${known},KIT-404,zzzzzzz`).expect(400);
    assert.equal(res.body.code ?? JSON.parse(String(res.body)).code, 'unregistered_qr_codes');
  });

  for (const [what, query, field] of [
    ['no codes are given', 'layout=3x7', 'codes'],
    ['a code is malformed', 'codes=ok-code,no%20spaces', 'codes.1'],
    ['a code is too short', 'codes=ab', 'codes.0'],
    ['the layout is unknown', 'layout=4x10&codes=abc', 'layout'],
    ['the offset is not a number', 'codes=abc&offsetX=left', 'offsetX'],
    ['the offset is too large', 'codes=abc&offsetY=50', 'offsetY'],
    ['the time zone is unknown', 'codes=abc&timeZone=Mars/Base', 'timeZone'],
    ['an unknown parameter is given', 'codes=abc&colour=red', 'colour'],
  ] as const) {
    it(`when ${what}, then the answer is 400 naming ${field}`, async () => {
      const res = await request(app)
        .get(`/api/print/qr-labels.pdf?${query}`)
        .set(comms)
        .expect(400);
      assert.equal(res.body.code, 'validation_failed');
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === field),
        JSON.stringify(res.body.errors),
      );
    });
  }

  it('when nobody is signed in, then the answer is 401', async () => {
    const res = await request(app).get('/api/print/qr-labels.pdf?codes=abc').expect(401);
    assert.equal(res.body.code, 'unauthenticated');
  });

  it('when a facilitator asks, then the answer is 403', async () => {
    const { authHeader } = await signInAs(app, 'facilitator');
    const res = await request(app)
      .get('/api/print/qr-labels.pdf?codes=abc')
      .set(authHeader)
      .expect(403);
    assert.equal(res.body.code, 'forbidden');
  });

  it('when the API document is read, then the label sheet is listed as application/pdf', async () => {
    const res = await request(app).get('/api/openapi.json').expect(200);
    const op = res.body.paths['/api/print/qr-labels.pdf'].get;
    assert.ok(op.responses['200'].content['application/pdf']);
    assert.ok(op.parameters.some((p: { name: string }) => p.name === 'offsetX'));
  });
});
