import { UUID } from 'bson';
import { noSuchTransaction } from '../errors';
import type { CommandHandler } from './context';

export const sessionCommands: Record<string, CommandHandler> = {
  startSession: () => ({ id: { id: new UUID() }, timeoutMinutes: 30, ok: 1 }),
  refreshSessions: () => ({ ok: 1 }),
  endSessions: (ctx) => {
    ctx.sessions.end(Array.isArray(ctx.cmd.endSessions) ? ctx.cmd.endSessions : []);
    return { ok: 1 };
  },
  commitTransaction: (ctx) => {
    if (!ctx.txn) throw noSuchTransaction(Number(ctx.cmd.txnNumber ?? 0));
    ctx.txn.commit();
    return { ok: 1 };
  },
  abortTransaction: (ctx) => {
    ctx.sessions.abort(ctx.cmd);
    return { ok: 1 };
  },
};
