import { Router } from 'express';
import type { AppContext } from '../../lib/context';
import type { MailTransport } from '../../lib/mailer';
import { createMailPagesRouter } from './mail-pages.routes';
import { createOutboxApiRouter } from './mail.routes';
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from './outbox-worker';
import { noStreams, nothingToStop, type Component } from '../../lib/component';

/**
 * E-mail: templated messages through a durable outbox. Other components call
 * `enqueueMail`; a worker (started by main.ts) delivers through the injected transport.
 */
export { createMailTransport, type MailTransport } from '../../lib/mailer';
export {
  enqueueMail,
  listOutbox,
  retryMessage,
  cancelMessage,
  findOutboxMessages,
  eraseMailTo,
} from './outbox.service';
export type { EnqueueMailInput } from './mail.schemas';
export type { OutboxMessageView } from './outbox.presenter';
export type { OutboxStatus } from './outbox.model';
export { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from './outbox-worker';

export type MailComponent = Component<{ main: Router }, Record<string, never>> & {
  /** The outbox worker (also in `jobs`); tests drain it by hand. */
  worker: OutboxWorker;
};

/** Needs no ports; the transport is an adapter main.ts (or a test) builds from config. */
export function createMailComponent(
  context: AppContext,
  transport: MailTransport,
  options: { worker?: Partial<OutboxWorkerOptions> } = {},
): MailComponent {
  const main = Router();
  main.use('/api/outbox', createOutboxApiRouter(context));
  main.use(createMailPagesRouter(context));
  const worker = createOutboxWorker(
    { transport, clock: context.clock, logger: context.logger },
    options.worker,
  );
  return {
    routers: { main },
    ports: {},
    jobs: [{ name: 'mail outbox', start: () => worker.start(), stop: () => worker.stop() }],
    endStreams: noStreams,
    stop: nothingToStop,
    worker,
  };
}
