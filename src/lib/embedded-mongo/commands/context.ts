import type { EngineLogger } from '../logger';
import type { Doc } from '../bson-values';
import { CommandError } from '../errors';
import type { CursorRegistry } from '../cursors';
import type { DataView } from '../data-view';
import type { Engine } from '../engine';
import type { SessionRegistry, Transaction } from '../transactions';

/** Facts about the running server that handshake replies announce. */
export type ServerInfo = {
  host: string;
  setName: string;
  startedAt: Date;
};

/** Everything a command handler may use; handlers are synchronous, which keeps each command atomic. */
export type CommandContext = {
  cmd: Doc;
  db: string;
  engine: Engine;
  view: DataView;
  txn: Transaction | undefined;
  cursors: CursorRegistry;
  sessions: SessionRegistry;
  server: ServerInfo;
  connectionId: number;
  logger: EngineLogger;
};

export type CommandHandler = (ctx: CommandContext) => Doc;

/** The collection name a command targets (its first field's value). */
export function targetCollection(ctx: CommandContext, field: string): string {
  const name = ctx.cmd[field];
  if (typeof name !== 'string' || name.length === 0) {
    throw new CommandError(
      73,
      'InvalidNamespace',
      `collection name has invalid type ${typeof name}`,
    );
  }
  return name;
}
