import assert from 'node:assert/strict';
import { listCafeDutiesOf } from '../../../src/components/world-cafe';
import {
  createShiftReminderJob,
  createShift,
  updateShift,
} from '../../../src/components/exhibitions';
import { createOutboxWorker, type MailTransport } from '../../../src/components/mail';
import { createSmtpTransport } from '../../../src/lib/mailer';
import { createLogger } from '../../../src/lib/logger';
import { buildStand } from '../../helpers/factories/exhibitions';
import { clearDatabase } from '../../helpers/hooks';
import { startSmtpPeer, type SmtpPeer } from '../../helpers/mail';

const logger = createLogger('silent');

describe('exhibitions: shift reminders the day before, through the outbox', () => {
  let peer: SmtpPeer;
  let transport: MailTransport;

  beforeEach(async () => {
    await clearDatabase();
    peer = await startSmtpPeer();
    transport = createSmtpTransport(peer.url, 'forumkit <noreply@example.org>', logger);
  });
  afterEach(async () => {
    transport.close();
    await peer.stop();
  });

  it('when two processes run the job at the same time, then the reminder reaches the SMTP server once; a later move sends it again', async () => {
    const { stand, people } = await buildStand({ team: ['booth'] });
    const person = people[0]!;
    // 7 May 2025 10:00 in Vilnius; the reminder is due at 18:00 on 6 May.
    const { shift } = await createShift(
      stand.id,
      {
        start: new Date('2025-05-07T07:00:00Z'),
        end: new Date('2025-05-07T09:00:00Z'),
        assignees: [person.id],
      },
      new Date('2025-05-01T00:00:00Z'),
      listCafeDutiesOf,
    );
    let now = new Date('2025-05-06T14:00:00Z'); // 17:00 local: not yet
    const clock = () => now;
    const processA = createShiftReminderJob({ clock, logger });
    const processB = createShiftReminderJob({ clock, logger });
    const outbox = createOutboxWorker({ transport, clock: () => new Date(), logger });
    assert.deepEqual(await processA.runOnce(), { queued: 0 });

    // Moved before its reminder: still one reminder, for the new time.
    const moved = await updateShift(
      stand.id,
      shift.id,
      {
        version: shift.version,
        start: new Date('2025-05-07T08:00:00Z'),
        end: new Date('2025-05-07T10:00:00Z'),
      },
      now,
      listCafeDutiesOf,
    );
    now = new Date('2025-05-06T15:30:00Z'); // 18:30 local
    const [a, b] = await Promise.all([processA.runOnce(), processB.runOnce()]);
    assert.equal(a.queued + b.queued, 1);
    assert.equal(await outbox.drain(), 1);
    const [mail] = await peer.waitForMessages(1);
    assert.deepEqual(mail?.envelope.to, [person.email]);
    assert.match(mail?.parsed.subject ?? '', /Wednesday 7 May, 11:00–13:00/);
    assert.deepEqual(await processA.runOnce(), { queued: 0 });
    assert.equal(await outbox.drain(), 0);

    // Moved after its reminder: sent again, saying so.
    await updateShift(
      stand.id,
      shift.id,
      {
        version: moved.shift.version,
        start: new Date('2025-05-07T09:00:00Z'),
        end: new Date('2025-05-07T11:00:00Z'),
      },
      now,
      listCafeDutiesOf,
    );
    assert.deepEqual(await processB.runOnce(), { queued: 1 });
    assert.equal(await outbox.drain(), 1);
    const all = await peer.waitForMessages(2);
    assert.equal(all.length, 2);
    assert.match(all[1]?.parsed.text ?? '', /has moved since the last reminder/);
    await outbox.stop();
  });
});
