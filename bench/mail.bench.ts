import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import nodemailer from 'nodemailer';
import { createOutboxWorker, enqueueMail } from '../src/components/mail';
import { createMailRenderer } from '../src/components/mail/mail-templates';
import { OutboxMessage } from '../src/components/mail/outbox.model';
import { startDatabase } from '../src/lib/database';
import { createLogger } from '../src/lib/logger';
import { createSmtpTransport } from '../src/lib/mailer';
import { startSmtpPeer } from '../test/helpers/mail';
import { size } from './sizes';

const MESSAGES = size(100, 10);
const FROM = 'forumkit <no-reply@forumkit.localhost>';

const invitationFor = (n: number) => ({
  to: `bench-${n}@example.org`,
  template: 'account-invitation',
  data: {
    name: `Bench Person ${n}`,
    inviterName: 'Demo Admin',
    link: `https://forumkit.localhost/invitations/${n}`,
    expiresAt: new Date('2025-05-06T07:00:00Z'),
  },
});

/**
 * 100 invitations (10 in a quick run) through the outbox (enqueue: render + insert; then a worker claims,
 * sends over SMTP and marks each one) against bare nodemailer sending the same 100
 * rendered messages one after another over the same kind of pooled connection, to a
 * local smtp-server. Both sides send sequentially: the worker delivers one message at
 * a time by design. Prints timings and the ratio outbox / bare.
 */
export async function runMailBench(): Promise<void> {
  const logger = createLogger('silent');
  // The outbox model lives on mongoose's default connection: this bench opens it on its own
  // database and closes it again, whatever ran before it.
  const database = await startDatabase({
    uri: process.env.MONGODB_URI,
    dbName: `forumkit_bench_mail_${process.pid}`,
    logger,
  });
  await mongoose.connect(database.uri);
  await OutboxMessage.syncIndexes();
  const peer = await startSmtpPeer({ parse: false });

  try {
    const render = createMailRenderer();
    const rendered = Array.from({ length: MESSAGES }, (_, n) => ({
      to: invitationFor(n).to,
      ...render('account-invitation', invitationFor(n).data),
    }));

    const bare = async () => {
      const transporter = nodemailer.createTransport({
        pool: true,
        maxConnections: 2,
        url: peer.url,
      });
      const started = performance.now();
      for (const [n, mail] of rendered.entries()) {
        await transporter.sendMail({
          from: FROM,
          to: mail.to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          messageId: `<bare-${n}@forumkit.localhost>`,
        });
      }
      const elapsed = performance.now() - started;
      transporter.close();
      return elapsed;
    };

    const outbox = async () => {
      await OutboxMessage.deleteMany({ to: /^bench-/ });
      const transport = createSmtpTransport(peer.url, FROM, logger);
      const worker = createOutboxWorker({ transport, clock: () => new Date(), logger });
      const started = performance.now();
      for (let n = 0; n < MESSAGES; n += 1) await enqueueMail(invitationFor(n));
      const enqueued = performance.now();
      const delivered = await worker.drain();
      const elapsed = performance.now() - started;
      transport.close();
      if (delivered !== MESSAGES) throw new Error(`outbox delivered ${delivered} of ${MESSAGES}`);
      const sent = await OutboxMessage.countDocuments({ to: /^bench-/, status: 'sent' });
      if (sent !== MESSAGES) throw new Error(`outbox marked ${sent} of ${MESSAGES} as sent`);
      return { elapsed, enqueue: enqueued - started, deliver: elapsed - (enqueued - started) };
    };

    // One untimed round each warms up JIT, connections and the database.
    await bare();
    await outbox();
    const bareMs = await bare();
    const outboxRun = await outbox();
    await OutboxMessage.deleteMany({ to: /^bench-/ });

    const perMessage = (ms: number) => `${(ms / MESSAGES).toFixed(2)} ms/message`;
    console.log(`mail: ${MESSAGES} messages over SMTP to a local smtp-server`);
    console.log(
      `  bare nodemailer          ${bareMs.toFixed(0).padStart(6)} ms  (${perMessage(bareMs)})`,
    );
    console.log(
      `  outbox (enqueue+deliver) ${outboxRun.elapsed.toFixed(0).padStart(6)} ms  (${perMessage(outboxRun.elapsed)}; enqueue ${outboxRun.enqueue.toFixed(0)} ms, deliver ${outboxRun.deliver.toFixed(0)} ms)`,
    );
    console.log(`  ratio outbox / bare      ${(outboxRun.elapsed / bareMs).toFixed(2)}×`);
  } finally {
    await peer.stop();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await database.stop();
  }
}
