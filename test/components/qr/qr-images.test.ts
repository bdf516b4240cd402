import assert from 'node:assert/strict';
import type { Express } from 'express';
import PDFDocument from 'pdfkit';
import request from 'supertest';
import { pdfToBuffer } from '../../../src/lib/pdf';
import { buildTestApp } from '../../helpers/app';
import { binaryBody, decodeQr, decodeQrPng, rasterisePdf } from '../../helpers/pdf';

/**
 * Draws the SVG's path data with pdfkit's own SVG path parser (not the code that
 * wrote it), rasterises it with MuPDF and decodes the result with jsQR.
 */
async function decodeSvg(svg: string): Promise<string | null> {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const pathData = /<path[^>]* d="([^"]+)"/.exec(svg);
  assert.ok(viewBox && pathData, 'SVG has a viewBox and a path');
  const extent = Number(viewBox[1]);
  const doc = new PDFDocument({ size: [extent * 4, extent * 4], margin: 0 });
  const done = pdfToBuffer(doc);
  doc.scale(4).path(pathData[1]!).fill('#000000');
  doc.end();
  const [page] = await rasterisePdf(await done, 150);
  return decodeQr(page!);
}

describe('QR images', () => {
  let app: Express;
  before(async () => {
    ({ app } = await buildTestApp());
  });

  it('when a PNG is requested, then it is a QR code of the public short URL, cached for good', async () => {
    const res = await request(app)
      .get('/qr/KIT-042.png?size=300&ecl=M')
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    assert.equal(res.headers['content-type'], 'image/png');
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(res.headers.etag ?? '', /^"[\w-]+"$/);
    assert.equal(decodeQrPng(res.body as Buffer), 'https://forumkit.test/q/KIT-042?s=qr');
  });

  it('when an SVG is requested, then it draws the modules as one path that scans back to the short URL', async () => {
    const res = await request(app)
      .get('/qr/Res_Value-7.svg?margin=2')
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    assert.equal(res.headers['content-type'], 'image/svg+xml');
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    const svg = (res.body as Buffer).toString('utf8');
    assert.match(
      svg,
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/,
    );
    assert.match(svg, /width="512" height="512"/);
    assert.equal(svg.match(/<path /g)?.length, 1);
    assert.match(svg, /<\/svg>\s*$/);
    assert.equal(await decodeSvg(svg), 'https://forumkit.test/q/Res_Value-7?s=qr');
  });

  it('when the same image is asked for with its ETag, then the answer is 304 Not Modified', async () => {
    const first = await request(app).get('/qr/abc.svg').expect(200);
    const etag = first.headers.etag as string;
    await request(app).get('/qr/abc.svg').set('If-None-Match', etag).expect(304);
    const other = await request(app).get('/qr/abc.svg?ecl=L').expect(200);
    assert.notEqual(other.headers.etag, etag, 'other parameters, other image, other ETag');
  });

  it('when the size is given, then the PNG has exactly that many pixels', async () => {
    const res = await request(app)
      .get('/qr/abc.png?size=200&margin=0')
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const body = res.body as Buffer;
    assert.equal(body.readUInt32BE(16), 200);
    assert.equal(body.readUInt32BE(20), 200);
  });

  for (const [what, url, code] of [
    ['the code is too short', '/qr/ab.png', 'invalid_qr_code'],
    ['the code is too long', `/qr/${'a'.repeat(33)}.svg`, 'invalid_qr_code'],
    ['the code has other characters', '/qr/k%C3%AFt1.svg', 'invalid_qr_code'],
    ['the code has a space', '/qr/a%20bc.png', 'invalid_qr_code'],
    ['the size is not a number', '/qr/abc.png?size=big', 'validation_failed'],
    ['the size is too large', '/qr/abc.png?size=100000', 'validation_failed'],
    ['the margin is negative', '/qr/abc.svg?margin=-1', 'validation_failed'],
    ['the error correction level is unknown', '/qr/abc.svg?ecl=X', 'validation_failed'],
    ['an unknown parameter is given', '/qr/abc.svg?colour=red', 'validation_failed'],
  ] as const) {
    it(`when ${what}, then the answer is 400 ${code} and nothing is cached`, async () => {
      const res = await request(app).get(url).expect(400);
      assert.equal(res.body.code, code);
      assert.doesNotMatch(String(res.headers['cache-control'] ?? ''), /immutable/);
    });
  }

  it('when the API document is read, then both image routes are listed with their media types', async () => {
    const res = await request(app).get('/api/openapi.json').expect(200);
    const svg = res.body.paths['/qr/{code}.svg'].get;
    const png = res.body.paths['/qr/{code}.png'].get;
    assert.ok(svg.responses['200'].content['image/svg+xml']);
    assert.ok(png.responses['200'].content['image/png']);
  });
});
