import { Router } from 'express';
import type { AppContext } from '../../lib/context';
import type { MailTransport } from '../../lib/mailer';
import { createMailPagesRouter } from './mail-pages.routes';
import { createOutboxApiRouter } from './mail.routes';
import { createOutboxWorker, type OutboxWorkerOptions } from './outbox-worker';

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

export function createMailComponent(
  context: AppContext,
  transport: MailTransport,
  options: { worker?: Partial<OutboxWorkerOptions> } = {},
) {
  const router = Router();
  router.use('/api/outbox', createOutboxApiRouter(context));
  router.use(createMailPagesRouter(context));
  const worker = createOutboxWorker(
    { transport, clock: context.clock, logger: context.logger },
    options.worker,
  );
  return { router, worker };
}
