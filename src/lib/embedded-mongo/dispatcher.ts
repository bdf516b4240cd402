import { Binary, Long } from 'bson';
import type { EngineLogger } from './logger';
import type { Doc } from './bson-values';
import { clusterTime, commands, OUTSIDE_TRANSACTION, type ServerInfo } from './commands';
import { CursorRegistry } from './cursors';
import { CommittedView } from './data-view';
import type { Engine } from './engine';
import { CommandError, commandNotFound } from './errors';
import { FailPoints } from './fail-points';
import { SessionRegistry } from './transactions';

/** The signature of an unauthenticated cluster time; replies are serialised, never mutated. */
const NO_SIGNATURE = Object.freeze({
  hash: new Binary(Buffer.alloc(20)),
  keyId: Long.fromNumber(0),
});

/**
 * Turns one command document into one reply document. Never throws: every
 * failure becomes an `{ ok: 0 }` reply, so every request gets an answer.
 */
export class Dispatcher {
  readonly cursors = new CursorRegistry();
  readonly sessions: SessionRegistry;
  private readonly committed: CommittedView;
  /** Present when test commands (configureFailPoint) are enabled. */
  private readonly failPoints: FailPoints | undefined;

  constructor(
    readonly engine: Engine,
    private readonly server: ServerInfo,
    private readonly logger: EngineLogger,
    options: { testCommands?: boolean } = {},
  ) {
    this.failPoints = options.testCommands ? new FailPoints() : undefined;
    this.sessions = new SessionRegistry(engine);
    this.committed = new CommittedView(engine);
  }

  /**
   * The reply, or a promise of it when the command changed data and a
   * journal is open: the reply waits until those changes are on disk.
   */
  run(body: Doc, connectionId: number): Doc | Promise<Doc> {
    // A fail point may close the connection (CloseConnection propagates to the server).
    const forced = this.failPoints?.check(Object.keys(body)[0] ?? '');
    if (forced?.fail) return this.finish(forced.fail);
    this.sessions.touch(body.lsid);
    let reply: Doc;
    try {
      reply = this.execute(body, connectionId);
    } catch (err) {
      reply = this.errorReply(err, body);
    }
    if (forced?.append) Object.assign(reply, forced.append);
    let durable: Promise<void> | undefined;
    try {
      durable = this.engine.flush();
    } catch (err) {
      return this.finish(this.journalFailed(err));
    }
    if (!durable) return this.finish(reply);
    return durable.then(
      () => this.finish(reply),
      (err: unknown) => this.finish(this.journalFailed(err)),
    );
  }

  private journalFailed(err: unknown): Doc {
    this.logger.error({ err }, 'embedded-mongo: journal write failed');
    return {
      ok: 0,
      errmsg: `journal write failed: ${String(err)}`,
      code: 1,
      codeName: 'InternalError',
    };
  }

  private finish(reply: Doc): Doc {
    const ts = clusterTime();
    reply.$clusterTime = { clusterTime: ts, signature: NO_SIGNATURE };
    reply.operationTime = ts;
    return reply;
  }

  private execute(body: Doc, connectionId: number): Doc {
    const name = Object.keys(body)[0] ?? '';
    if (name === 'configureFailPoint' && this.failPoints) return this.failPoints.configure(body);
    const handler = commands.get(name);
    if (!handler) throw commandNotFound(name);
    const db = typeof body.$db === 'string' ? body.$db : 'admin';
    const txn = OUTSIDE_TRANSACTION.has(name) ? undefined : this.sessions.transactionFor(body);
    try {
      return handler({
        cmd: body,
        db,
        engine: this.engine,
        view: txn ? txn.view : this.committed,
        txn,
        cursors: this.cursors,
        sessions: this.sessions,
        server: this.server,
        connectionId,
        logger: this.logger,
      });
    } catch (err) {
      // MongoDB aborts a transaction on a write conflict; later commands in it get NoSuchTransaction.
      if (txn && err instanceof CommandError && err.code === 112) txn.abort();
      throw err;
    }
  }

  private errorReply(err: unknown, body: Doc): Doc {
    if (err instanceof CommandError) return err.toReply();
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof Error && err.constructor.name === 'MingoError')
      return { ok: 0, errmsg: message, code: 2, codeName: 'BadValue' };
    this.logger.error(
      { err, command: Object.keys(body)[0] },
      'embedded-mongo: command failed unexpectedly',
    );
    return { ok: 0, errmsg: message, code: 1, codeName: 'InternalError' };
  }
}
