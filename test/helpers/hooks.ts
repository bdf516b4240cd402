import path from 'node:path';
import mongoose from 'mongoose';
import { startDatabase, type RunningDatabase } from '../../src/lib/database';
import { createLogger } from '../../src/lib/logger';
import { beginTestScope, closeOpenTestApps, endTestScope } from './app';
import { closeSharedBrowser } from './browser';
import {
  handleMark,
  isDatabasePort,
  lastingHandles,
  openHandles,
  type HandleMark,
} from './open-handles';

export { clearDatabase, flushBeforeClearing } from './database';

/**
 * One database per test process: the server named by MONGODB_URI when set, otherwise the
 * embedded engine in memory. Tests reach it only through mongoose.
 *
 * Run serially, the root hooks' beforeAll/afterAll run once for the whole run; with
 * `--parallel` they run around every file in each worker, and the database and the shared
 * browser then last as long as the worker. Apps built inside a test are closed after it;
 * after a file (parallel) or the run (serial) every app left open is closed and the run
 * fails if anything made meanwhile still holds the event loop (there is no `exit: true`).
 */
let database: RunningDatabase | undefined;
/** What was open when the run (serial) or the file (parallel) began: stdio, the IPC channel. */
const atStart = handleMark();
let mark = atStart;

/** In a `--parallel` worker (mocha's worker.cjs is the process's entry point). */
const inParallelWorker = path.basename(process.argv[1] ?? '').startsWith('worker');

/** Waits (up to `ms`) until nothing holds the event loop: sockets close a tick after `close()`. */
async function untilNoOpenHandles(
  ms: number,
  since: HandleMark,
  options: { timers?: boolean },
): Promise<string[]> {
  const deadline = Date.now() + ms;
  let open = openHandles(since, options);
  while (open.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10).unref());
    open = openHandles(since, options);
  }
  return open;
}

async function connectDatabase(): Promise<void> {
  database = await lastingHandles(() =>
    startDatabase({
      uri: process.env.MONGODB_URI,
      systemBinary: process.env.MONGOMS_SYSTEM_BINARY,
      dbName: `forumkit_test_${process.pid}`,
      logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    }),
  );
  await lastingHandles(() => mongoose.connect(database!.uri, { serverSelectionTimeoutMS: 10_000 }));
  // In a worker the database outlives the file: its client pool's sockets come and go.
  if (inParallelWorker) isDatabasePort(Number(new URL(database.uri).port));
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    if (!database) await connectDatabase();
    mark = handleMark();
  },
  beforeEach() {
    beginTestScope();
  },
  async afterEach() {
    await endTestScope();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    const leftOpen = await closeOpenTestApps();
    if (!inParallelWorker) {
      await closeSharedBrowser();
      await mongoose.disconnect();
      await database?.stop();
      database = undefined;
    }
    // mocha's own timer for this hook is set meanwhile; a worker's database client keeps
    // timers of its own between files, so there timers are checked by the serial run only.
    const open = inParallelWorker
      ? await untilNoOpenHandles(2000, mark, { timers: false })
      : await untilNoOpenHandles(2000, { ...atStart, timers: atStart.timers + 1 }, {});
    if (open.length > 0) {
      // Fail the run, and do not let the handle hang it.
      if (!inParallelWorker) setTimeout(() => process.exit(process.exitCode || 1), 5000).unref();
      const files = [...new Set(this.test?.parent?.suites.map((suite) => suite.file))];
      throw new Error(
        `${open.length} open handle(s) left after closing everything` +
          `${inParallelWorker ? ` by ${files.join(', ')}` : ''}` +
          `${leftOpen ? ` (and ${leftOpen} test app(s) nobody closed)` : ''}:\n${open.join('\n\n')}`,
      );
    }
  },
};
