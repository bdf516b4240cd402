import { adminCommands } from './admin-commands';
import type { CommandHandler } from './context';
import { explain } from './explain';
import { handshakeCommands } from './handshake';
import { readCommands } from './read-commands';
import { sessionCommands } from './session-commands';
import { writeCommands } from './write-commands';

export type { CommandContext, CommandHandler, ServerInfo } from './context';
export { clusterTime } from './handshake';

/** Every command the engine answers; anything else is CommandNotFound (59). */
export const commands: ReadonlyMap<string, CommandHandler> = new Map(
  Object.entries({
    ...handshakeCommands,
    ...readCommands,
    ...writeCommands,
    ...adminCommands,
    ...sessionCommands,
    explain,
  }),
);

/** Commands that manage a transaction themselves rather than running inside it. */
export const OUTSIDE_TRANSACTION = new Set([
  'abortTransaction',
  'endSessions',
  'hello',
  'isMaster',
  'ismaster',
  'ping',
]);
