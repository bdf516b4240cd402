import type { Logger } from '../../lib/logger';
import { sendDueShiftReminders } from './reminders.service';

export type ShiftReminderJob = {
  start(): void;
  stop(): Promise<void>;
  runOnce(): Promise<{ queued: number }>;
};

/**
 * Runs `sendDueShiftReminders` every `intervalMs` (default one minute). Started by
 * main.ts; safe with several app processes (see the service). `stop` waits for a run
 * in progress.
 */
export function createShiftReminderJob(
  deps: { clock: () => Date; logger: Logger },
  intervalMs = 60_000,
): ShiftReminderJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const runOnce = () => sendDueShiftReminders(deps.clock());
  const tick = () => {
    if (running) return;
    running = runOnce()
      .then((result) => {
        if (result.queued > 0) deps.logger.info(result, 'shift reminders queued');
      })
      .catch((err: unknown) => deps.logger.error({ err }, 'shift reminders failed'))
      .finally(() => {
        running = undefined;
      });
  };
  return {
    start() {
      if (timer) return;
      timer = setInterval(tick, intervalMs);
      timer.unref();
      tick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
    runOnce,
  };
}
