import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { redactUrlSecrets } from '../../../src/components/auth';
import { buildTestApp } from '../../helpers/app';

describe('auth: secrets stay out of logs', () => {
  it('when a url carries a capability key or a set-password token, then the log form hides the value', () => {
    assert.equal(
      redactUrlSecrets('/world-cafe/table/1?key=abc&round=2'),
      '/world-cafe/table/1?key=[redacted]&round=2',
    );
    assert.equal(redactUrlSecrets('/set-password?token=xyz'), '/set-password?token=[redacted]');
    assert.equal(redactUrlSecrets('/events?monkey=1'), '/events?monkey=1');
  });

  it('when a url is a calendar subscription feed, then the token in its path is hidden', () => {
    assert.equal(redactUrlSecrets('/cal/s3cr3t-token.ics'), '/cal/[redacted].ics');
    assert.equal(
      redactUrlSecrets('/cal/s3cr3t-token.ics?from=2025-01-01'),
      '/cal/[redacted].ics?from=2025-01-01',
    );
    assert.equal(redactUrlSecrets('/calendars'), '/calendars');
  });

  it('when the app logs a request with a secret in the query, then the log line does not contain it', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const { app } = await buildTestApp({ logger: pino({ level: 'info' }, sink) });
    await request(app).get('/set-password?token=very-secret-invitation-token');
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(
      lines.some((l) => l.includes('/set-password?token=[redacted]')),
      lines.join('\n'),
    );
    assert.ok(!lines.some((l) => l.includes('very-secret-invitation-token')));
  });
});
