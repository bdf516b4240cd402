import assert from 'node:assert/strict';
import { createSmtpTransport, type MailTransport } from '../../../src/lib/mailer';
import { createLogger } from '../../../src/lib/logger';
import { createOutboxWorker, enqueueMail, findOutboxMessages } from '../../../src/components/mail';
import { retryDelayMs } from '../../../src/components/mail/outbox-worker';
import { claimNextMessage } from '../../../src/components/mail/outbox.service';
import { clearDatabase } from '../../helpers/hooks';
import { startSmtpPeer, waitUntil, type SmtpPeer } from '../../helpers/mail';

const logger = createLogger('silent');
const FROM = 'forumkit <no-reply@forumkit.test>';

const message = (n: number) => ({
  to: `visitor-${n}@example.org`,
  template: 'account-invitation',
  data: {
    name: `Visitor ${n}`,
    inviterName: 'Demo Admin',
    link: `https://forumkit.test/i/${n}`,
    expiresAt: new Date(),
  },
});

/** A clock the test moves by hand. */
function manualClock(start = new Date('2025-05-06T08:00:00Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function receivedMessageIds(peer: SmtpPeer): string[] {
  return peer.received.map((m) => m.parsed.messageId ?? '');
}

describe('mail outbox resilience', () => {
  const transports: MailTransport[] = [];
  const peers: SmtpPeer[] = [];
  const stops: (() => Promise<void>)[] = [];

  const smtp = (peer: SmtpPeer) => {
    const transport = createSmtpTransport(peer.url, FROM, logger);
    transports.push(transport);
    return transport;
  };
  const newPeer = async () => {
    const peer = await startSmtpPeer();
    peers.push(peer);
    return peer;
  };

  beforeEach(clearDatabase);

  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
    transports.splice(0).forEach((t) => t.close());
    await Promise.all(peers.splice(0).map((p) => p.stop()));
  });

  it('when the SMTP server goes down mid-way, then the waiting message is delivered once after it returns', async () => {
    const peer = await newPeer();
    const worker = createOutboxWorker(
      { transport: smtp(peer), clock: () => new Date(), logger },
      { pollIntervalMs: 20, backoffBaseMs: 20, backoffMaxMs: 100 },
    );
    stops.push(() => worker.stop());
    worker.start();

    await enqueueMail(message(1));
    await peer.waitForMessages(1);

    await peer.stop();
    await enqueueMail(message(2));
    const failing = await waitUntil(async () => {
      const [stored] = await findOutboxMessages({ to: 'visitor-2@example.org' });
      return stored && stored.lastError && stored.status === 'queued' ? stored : undefined;
    });
    assert.equal(peer.received.length, 1, 'nothing arrives while the server is down');
    assert.match(failing.lastError ?? '', /ECONNREFUSED|ESOCKET|ECONNECTION/);

    await peer.restart();
    const sent = await waitUntil(async () => {
      const [stored] = await findOutboxMessages({ to: 'visitor-2@example.org' });
      return stored?.status === 'sent' ? stored : undefined;
    });
    await peer.waitForMessages(2);

    assert.ok(sent.attempts > 1, `attempts was ${sent.attempts}`);
    const ids = receivedMessageIds(peer);
    assert.equal(ids.filter((id) => id === sent.messageId).length, 1, 'received exactly once');
    assert.equal(peer.received.length, 2);
  });

  it('when two workers share the outbox, then every message is sent exactly once', async () => {
    const peer = await newPeer();
    const count = 30;
    for (let n = 0; n < count; n += 1) await enqueueMail(message(n));
    const clock = () => new Date();
    const first = createOutboxWorker({ transport: smtp(peer), clock, logger });
    const second = createOutboxWorker({ transport: smtp(peer), clock, logger });

    const [a, b] = await Promise.all([first.drain(), second.drain()]);
    await peer.waitForMessages(count);

    assert.equal(a + b, count);
    const ids = receivedMessageIds(peer);
    assert.equal(ids.length, count);
    assert.equal(new Set(ids).size, count, 'no Message-ID arrives twice');
    const stored = await findOutboxMessages({ status: 'sent' });
    assert.equal(stored.length, count);
    assert.ok(stored.every((m) => m.attempts === 1));
  });

  it('when delivery keeps failing, then the message is failed after the last attempt with the last error', async () => {
    const peer = await newPeer();
    await peer.stop();
    const clock = manualClock();
    const worker = createOutboxWorker(
      { transport: smtp(peer), clock: clock.now, logger },
      { maxAttempts: 3, backoffBaseMs: 60_000, backoffMaxMs: 600_000 },
    );
    await enqueueMail(message(1));

    for (let attempt = 1; attempt <= 3; attempt += 1) {
      assert.equal(await worker.drain(), 1, `attempt ${attempt} is due`);
      assert.equal(await worker.drain(), 0, 'nothing is due before the back-off has passed');
      clock.advance(600_000);
    }

    const [stored] = await findOutboxMessages({ to: 'visitor-1@example.org' });
    assert.equal(stored?.status, 'failed');
    assert.equal(stored?.attempts, 3);
    assert.match(stored?.lastError ?? '', /ECONNREFUSED/);
    assert.equal(await worker.drain(), 0, 'a failed message is not tried again');
  });

  it('when the server refuses the message for good (550), then it fails without retries', async () => {
    const peer = await newPeer();
    peer.rejectWith(550);
    const worker = createOutboxWorker({ transport: smtp(peer), clock: () => new Date(), logger });
    await enqueueMail(message(1));

    await worker.drain();

    const [stored] = await findOutboxMessages({ to: 'visitor-1@example.org' });
    assert.equal(stored?.status, 'failed');
    assert.equal(stored?.attempts, 1);
    assert.match(stored?.lastError ?? '', /550/);
  });

  it('when messages were queued while no worker ran, then a new worker delivers them after a restart', async () => {
    const peer = await newPeer();
    for (let n = 0; n < 3; n += 1) await enqueueMail(message(n));
    const first = createOutboxWorker({ transport: smtp(peer), clock: () => new Date(), logger });
    first.start();
    await first.stop(); // the process went down right after starting

    const restarted = createOutboxWorker(
      { transport: smtp(peer), clock: () => new Date(), logger },
      { pollIntervalMs: 20 },
    );
    stops.push(() => restarted.stop());
    restarted.start();

    await peer.waitForMessages(3);
    await waitUntil(async () => (await findOutboxMessages({ status: 'sent' })).length === 3);
    assert.equal(new Set(receivedMessageIds(peer)).size, 3);
  });

  it('when a worker died holding a message, then another worker reclaims it only after the lease expires', async () => {
    const peer = await newPeer();
    const clock = manualClock();
    await enqueueMail(message(1));
    // A worker claims the message and then its process dies before delivering.
    const lost = await claimNextMessage(clock.now(), 60_000);
    assert.ok(lost);

    const survivor = createOutboxWorker(
      { transport: smtp(peer), clock: clock.now, logger },
      { leaseMs: 60_000 },
    );
    clock.advance(30_000);
    assert.equal(await survivor.drain(), 0, 'the lease still holds');
    clock.advance(31_000);
    assert.equal(await survivor.drain(), 1);

    await peer.waitForMessages(1);
    const [stored] = await findOutboxMessages({ to: 'visitor-1@example.org' });
    assert.equal(stored?.status, 'sent');
    assert.equal(stored?.attempts, 2);
    assert.equal(peer.received.length, 1);
  });

  it('when retries pile up, then the delay grows exponentially, stays capped and jitters within half', () => {
    const options = { backoffBaseMs: 1_000, backoffMaxMs: 60_000 };
    const low = (attempt: number) => retryDelayMs(attempt, { ...options, random: () => 0 });
    const high = (attempt: number) => retryDelayMs(attempt, { ...options, random: () => 0.999999 });

    assert.deepEqual([1, 2, 3, 4].map(high), [1_000, 2_000, 4_000, 8_000]);
    assert.deepEqual([1, 2, 3, 4].map(low), [500, 1_000, 2_000, 4_000]);
    assert.equal(high(20), 60_000);
    assert.equal(low(20), 30_000);
  });
});
