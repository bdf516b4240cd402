import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { qrImagesRendered } from '../../../src/components/qr/qr.service';
import { QR_IMAGE_LIMITS, renderQrPng, renderQrSvg } from '../../../src/lib/qr';
import { createQrPngRenderer, QrRendererBusyError } from '../../../src/lib/qr-png-worker';
import { useTestApp } from '../../helpers/app';
import { binaryBody, decodeQrPng } from '../../helpers/pdf';

/** QR images under load: bounded options, a cache, and rendering that leaves the event loop free. */
describe('QR images under load', function () {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  this.timeout(120_000);

  for (const url of [
    '/qr/abc.png?size=2048',
    '/qr/abc.png?size=1025',
    '/qr/abc.svg?size=63',
    '/qr/abc.png?margin=9',
    '/qr/abc.svg?margin=16',
  ]) {
    it(`when ${url} is asked for, then it is 400 validation_failed before anything is drawn`, async () => {
      const { app } = testApp.built;
      const before = qrImagesRendered();
      const res = await request(app).get(url).expect(400);
      assert.equal(res.body.code, 'validation_failed');
      assert.equal(qrImagesRendered(), before);
    });
  }

  it('when the drawing functions are called directly out of bounds, then they refuse too', async () => {
    const options = { size: QR_IMAGE_LIMITS.maxSize + 1, margin: 4, ecl: 'M' as const };
    assert.throws(() => renderQrSvg('https://forumkit.test/q/abc', options), RangeError);
    await assert.rejects(() => renderQrPng('https://forumkit.test/q/abc', options), RangeError);
    assert.throws(
      () => renderQrSvg('https://forumkit.test/q/abc', { size: 256, margin: 9, ecl: 'M' }),
      RangeError,
    );
  });

  it('when the same image is asked for by many at once and again later, then it is drawn once and every answer is the same', async () => {
    const { app } = testApp.built;
    const url = `/qr/same-${Date.now()}.png?size=1024`;
    const before = qrImagesRendered();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        request(app).get(url).buffer(true).parse(binaryBody).expect(200),
      ),
    );
    const again = await request(app).get(url).buffer(true).parse(binaryBody).expect(200);
    assert.equal(qrImagesRendered() - before, 1);
    for (const res of [...answers, again]) {
      assert.deepEqual(res.body, answers[0]!.body);
      assert.equal(res.headers.etag, answers[0]!.headers.etag);
    }
    assert.match(decodeQrPng(again.body as Buffer) ?? '', /^https:\/\/forumkit\.test\/q\/same-/);
  });

  it('when 40 large PNGs are requested at once, then /health and other pages answer before the burst is over', async () => {
    const { app } = testApp.built;
    const server: Server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const tag = Date.now();
      const finished: string[] = [];
      const burst = Array.from({ length: 40 }, (_, i) =>
        fetch(`${base}/qr/burst-${tag}-${i}.png?size=1024`).then(async (res) => {
          assert.equal(res.status, 200);
          await res.arrayBuffer();
          finished.push(`qr-${i}`);
        }),
      );
      // Let the burst reach the server first, then ask for something unrelated.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const health = await fetch(`${base}/health`);
      assert.equal(health.status, 200);
      const page = await fetch(`${base}/sign-in`);
      assert.equal(page.status, 200);
      finished.push('health+page');
      await Promise.all(burst);
      const position = finished.indexOf('health+page');
      // On the main thread each PNG blocks everything; drawn off it, most are still waiting.
      assert.ok(
        position < 20,
        `health answered after ${position} of 40 images: ${finished.join(' ')}`,
      );
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('when more renders wait than the queue holds, then the excess is refused at once and the rest complete', async () => {
    const renderer = createQrPngRenderer({ maxPending: 2 });
    try {
      const job = (i: number) => ({
        text: `https://forumkit.test/q/queue-${i}`,
        options: {
          type: 'png' as const,
          errorCorrectionLevel: 'M',
          margin: 4,
          width: 256,
          color: { dark: '#000000ff', light: '#ffffffff' },
        },
      });
      const results = await Promise.allSettled([0, 1, 2].map((i) => renderer.render(job(i))));
      assert.equal(results[0]!.status, 'fulfilled');
      assert.equal(results[1]!.status, 'fulfilled');
      assert.equal(results[2]!.status, 'rejected');
      assert.ok((results[2] as PromiseRejectedResult).reason instanceof QrRendererBusyError);
      const png = (results[1] as PromiseFulfilledResult<Buffer>).value;
      assert.equal(decodeQrPng(png), 'https://forumkit.test/q/queue-1');
      assert.equal(renderer.pending(), 0);
    } finally {
      await renderer.close();
    }
  });

  it('when a 503 qr_busy is answered, then it carries Retry-After', async () => {
    const { app } = testApp.built;
    const tag = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        request(app).get(`/qr/busy-${tag}-${i}.png?size=1024`).buffer(true).parse(binaryBody),
      ),
    );
    const busy = answers.filter((res) => res.status === 503);
    assert.ok(busy.length > 0, 'some requests beyond the queue are refused');
    assert.ok(answers.every((res) => res.status === 200 || res.status === 503));
    for (const res of busy) {
      assert.equal(res.headers['retry-after'], '2');
      assert.equal(JSON.parse((res.body as Buffer).toString()).code, 'qr_busy');
    }
  });
});
