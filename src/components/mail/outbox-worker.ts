import type { Logger } from '../../lib/logger';
import { isPermanentMailError, type MailTransport } from '../../lib/mailer';
import {
  claimNextMessage,
  markAttemptFailed,
  markSent,
  type ClaimedMessage,
} from './outbox.service';

export type OutboxWorkerOptions = {
  /** Pause between polls once the queue has nothing due. */
  pollIntervalMs: number;
  /** How long a claim holds a message; a worker that dies loses it after this. */
  leaseMs: number;
  /** Attempts before a message is marked failed. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt up to `backoffMaxMs`. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Jitter source (0 ≤ x < 1); injectable for tests. */
  random: () => number;
};

export const DEFAULT_WORKER_OPTIONS: OutboxWorkerOptions = {
  pollIntervalMs: 2_000,
  leaseMs: 120_000,
  maxAttempts: 8,
  // 30 s, 1, 2, 4, 8, 16, 32 min (halved by jitter at worst): about an hour of outage is survived.
  backoffBaseMs: 30_000,
  backoffMaxMs: 60 * 60_000,
  random: Math.random,
};

/** Sends are aborted this long before the lease ends, so no other worker can reclaim a message still being sent. */
const LEASE_SAFETY_MARGIN_MS = 15_000;

export type OutboxWorker = {
  /** Begins polling; timers are unref'd so they never keep the process alive. */
  start(): void;
  /** Stops polling and waits for the message in flight, if any. */
  stop(): Promise<void>;
  /** Delivers every message due now, then resolves with how many were tried. */
  drain(): Promise<number>;
};

/**
 * Delay before attempt `attempt + 1`: exponential, capped, with "equal jitter" (half
 * fixed, half random) so that workers recovering from one outage do not retry in step.
 */
export function retryDelayMs(
  attempt: number,
  options: Pick<OutboxWorkerOptions, 'backoffBaseMs' | 'backoffMaxMs' | 'random'>,
): number {
  const exponential = Math.min(
    options.backoffMaxMs,
    options.backoffBaseMs * 2 ** Math.max(0, attempt - 1),
  );
  return Math.round(exponential / 2 + options.random() * (exponential / 2));
}

/**
 * Polls the outbox and delivers one claimed message at a time. Claims are atomic and
 * results are recorded only under the same claim, so any number of workers (in one
 * process or many) can share the outbox without sending a message twice.
 */
export function createOutboxWorker(
  deps: { transport: MailTransport; clock: () => Date; logger: Logger },
  overrides: Partial<OutboxWorkerOptions> = {},
): OutboxWorker {
  const options = { ...DEFAULT_WORKER_OPTIONS, ...overrides };
  const { transport, clock, logger } = deps;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();

  const deliver = async (claim: ClaimedMessage) => {
    if (claim.attempts > options.maxAttempts) {
      // Only reachable through expired leases: earlier holders died mid-delivery.
      await markAttemptFailed(
        claim,
        `Gave up after ${options.maxAttempts} attempts (delivery interrupted)`,
        null,
      );
      return;
    }
    try {
      const signal = AbortSignal.timeout(Math.max(1_000, options.leaseMs - LEASE_SAFETY_MARGIN_MS));
      const result = await transport.send(claim, { signal });
      if (!(await markSent(claim, clock(), result.messageId))) {
        logger.warn(
          { outboxId: claim.id },
          'outbox: delivered, but the claim had been lost meanwhile',
        );
      } else {
        logger.debug({ outboxId: claim.id, attempts: claim.attempts }, 'outbox: sent');
      }
    } catch (err) {
      const error = describeError(err);
      const giveUp = isPermanentMailError(err) || claim.attempts >= options.maxAttempts;
      const retryAt = giveUp
        ? null
        : new Date(clock().getTime() + retryDelayMs(claim.attempts, options));
      await markAttemptFailed(claim, error, retryAt);
      logger.warn(
        { outboxId: claim.id, attempts: claim.attempts, error, retryAt },
        giveUp ? 'outbox: delivery failed for good' : 'outbox: delivery failed, will retry',
      );
    }
  };

  const processDue = async (keepGoing: () => boolean) => {
    let tried = 0;
    while (keepGoing()) {
      const claim = await claimNextMessage(clock(), options.leaseMs);
      if (!claim) break;
      tried += 1;
      await deliver(claim);
    }
    return tried;
  };

  const tick = () => {
    timer = undefined;
    inFlight = processDue(() => running)
      .catch((err: unknown) => logger.error({ err }, 'outbox: polling failed'))
      .finally(() => {
        if (running) {
          timer = setTimeout(tick, options.pollIntervalMs);
          timer.unref();
        }
      });
  };

  return {
    start() {
      if (running) return;
      running = true;
      tick();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
    drain: () => processDue(() => true),
  };
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const { code, responseCode } = err as { code?: unknown; responseCode?: unknown };
  const prefix = [code, responseCode].filter((part) => part !== undefined && part !== '').join(' ');
  return prefix ? `${prefix}: ${err.message}` : err.message;
}
