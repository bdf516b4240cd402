import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { errorHandler } from '../../src/lib/http/error-handler';
import { createLogger } from '../../src/lib/logger';
import { buildTestApp } from '../helpers/app';

/** A logger as main.ts builds it, writing its lines into an array. */
function capturingLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger('info', { format: 'json', destination: sink }) };
}

const SECRETS = [
  'CAPKEY-0123456789',
  'BEARER-0123456789',
  'COOKIE-0123456789',
  'QUERYKEY-98765',
  'QUERYTOKEN-98765',
];

function assertNoSecret(lines: string[]) {
  const all = lines.join('\n');
  for (const secret of SECRETS) assert.ok(!all.includes(secret), `${secret} leaked:\n${all}`);
}

describe('logs: one redaction for every line', () => {
  it('when a request carries X-Capability-Key, Authorization, a cookie and key=/token= in its URL, then the request log line shows none of them', async () => {
    const { lines, logger } = capturingLogger();
    const { app } = await buildTestApp({ logger });
    await request(app)
      .get('/qr/abc.svg?key=QUERYKEY-98765&token=QUERYTOKEN-98765')
      .set('X-Capability-Key', 'CAPKEY-0123456789')
      .set('Authorization', 'Bearer BEARER-0123456789')
      .set('Cookie', 'fk_session=COOKIE-0123456789');
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(
      lines.some((l) => l.includes('"x-capability-key":"[redacted]"')),
      lines.join('\n'),
    );
    assert.ok(lines.some((l) => l.includes('key=[redacted]&token=[redacted]')));
    assertNoSecret(lines);
  });

  it('when a request fails with a 5xx, then the error line carries the URL with key= and token= hidden', async () => {
    const { lines, logger } = capturingLogger();
    const app = express();
    app.get('/boom', () => {
      throw new Error('database went away');
    });
    app.use(errorHandler(logger));
    const res = await request(app)
      .get('/boom?key=QUERYKEY-98765&token=QUERYTOKEN-98765')
      .set('X-Capability-Key', 'CAPKEY-0123456789');
    assert.equal(res.status, 500);
    const errorLine = lines.find((l) => l.includes('"level":50'));
    assert.ok(errorLine, lines.join('\n'));
    assert.match(errorLine, /"url":"\/boom\?key=\[redacted\]&token=\[redacted\]"/);
    assertNoSecret(lines);
  });

  it('when any line mentions a secret (message, error, other header casing, connection string), then it is hidden', () => {
    const { lines, logger } = capturingLogger();
    logger.warn('retrying /world-cafe/table/1?key=QUERYKEY-98765');
    logger.error({ err: new Error('GET /set-password?token=QUERYTOKEN-98765 failed') }, 'oops');
    logger.info({
      headers: { 'X-Capability-Key': 'CAPKEY-0123456789', Cookie: 'COOKIE-0123456789' },
    });
    logger.info({ outgoing: { headers: { authorization: 'Bearer BEARER-0123456789' } } }, 'call');
    logger.info('connecting to smtp://mailer:SMTPPASS-42@mail.example.org:587');
    logger.info('feed /cal/FEEDTOKEN-77.ics served');
    assertNoSecret(lines);
    const all = lines.join('\n');
    assert.ok(!all.includes('SMTPPASS-42'), all);
    assert.ok(!all.includes('FEEDTOKEN-77'), all);
    assert.match(all, /smtp:\/\/mailer:\[redacted\]@mail\.example\.org/);
  });
});
