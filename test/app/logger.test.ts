import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { REDACTED } from '../../src/lib/log-redaction';
import { createLogger, logFormatFor, type LogFormat } from '../../src/lib/logger';

/** What one logger writes, as text, in the given format. */
async function written(format: LogFormat, log: (logger: ReturnType<typeof createLogger>) => void) {
  const destination = new PassThrough();
  let text = '';
  destination.on('data', (chunk: Buffer) => (text += chunk.toString()));
  log(createLogger('info', { format, destination }));
  await new Promise((resolve) => setImmediate(resolve));
  return text;
}

const request = {
  req: {
    method: 'GET',
    url: '/events/abc',
    headers: { authorization: 'Bearer secret-token', cookie: 'sid=secret-cookie' },
  },
  res: { statusCode: 404 },
  responseTime: 7,
};

describe('logger', () => {
  it('when standard output is a terminal, then logs are readable lines; otherwise JSON', () => {
    assert.equal(logFormatFor({ isTTY: true }), 'pretty');
    assert.equal(logFormatFor({ isTTY: false }), 'json');
    assert.equal(logFormatFor({}), 'json');
  });

  it('when pretty, then each event is a timestamped line with its level, and a request reads as method, path and status', async () => {
    const text = await written('pretty', (logger) => {
      logger.info('forumkit listening on http://127.0.0.1:3000');
      logger.info(request, 'request completed');
    });
    const [first, second] = text.split('\n');
    assert.match(
      first!,
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: forumkit listening on http:\/\/127\.0\.0\.1:3000$/,
    );
    assert.match(second!, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: GET \/events\/abc → 404 \(7 ms\)$/);
    assert.doesNotMatch(text, /secret/);
  });

  it('when JSON, then each line is one JSON object with secrets redacted', async () => {
    const text = await written('json', (logger) => logger.info(request, 'request completed'));
    const lines = text.trim().split('\n');
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0]!) as {
      msg: string;
      req: { headers: Record<string, string> };
    };
    assert.equal(entry.msg, 'request completed');
    assert.equal(entry.req.headers.authorization, REDACTED);
    assert.equal(entry.req.headers.cookie, REDACTED);
  });
});
