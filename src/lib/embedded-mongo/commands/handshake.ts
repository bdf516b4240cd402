import { hostname } from 'node:os';
import { Long, ObjectId, Timestamp } from 'bson';
import type { Doc } from '../bson-values';
import type { CommandContext, CommandHandler } from './context';

/** The server version we claim; 7.0 semantics are what the engine follows. */
export const SERVER_VERSION = '7.0.0';
export const MAX_WIRE_VERSION = 21;
/** Constant: there is only ever this one primary. */
const ELECTION_ID = new ObjectId('7fffffff0000000000000001');

export function clusterTime(): Timestamp {
  return new Timestamp({ t: Math.floor(Date.now() / 1000), i: 1 });
}

/**
 * The handshake reply. A one-member replica set is announced (not a
 * standalone) because the driver only allows transactions on replica sets.
 * No `topologyVersion`, so the driver polls instead of streaming, and no
 * `compression`, so messages stay uncompressed.
 */
function hello(ctx: CommandContext): Doc {
  const { host, setName } = ctx.server;
  const now = new Date();
  const opTime = { ts: clusterTime(), t: Long.fromNumber(1) };
  return {
    helloOk: true,
    ismaster: true,
    isWritablePrimary: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: now,
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    hosts: [host],
    setName,
    setVersion: 1,
    secondary: false,
    primary: host,
    me: host,
    electionId: ELECTION_ID,
    lastWrite: { opTime, lastWriteDate: now, majorityOpTime: opTime, majorityWriteDate: now },
    ok: 1,
  };
}

const ok = (extra: Doc = {}): Doc => ({ ...extra, ok: 1 });

export const handshakeCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: () => ok(),
  buildInfo: () =>
    ok({
      version: SERVER_VERSION,
      gitVersion: 'forumkit-embedded',
      versionArray: [7, 0, 0, 0],
      bits: 64,
      debug: false,
      maxBsonObjectSize: 16 * 1024 * 1024,
      storageEngines: ['forumkit-embedded'],
      javascriptEngine: 'none',
      modules: [],
      openssl: { running: 'disabled' },
    }),
  buildinfo: (ctx) => handshakeCommands.buildInfo!(ctx),
  getParameter: (ctx) => {
    const reply: Doc = { featureCompatibilityVersion: { version: '7.0' } };
    if (ctx.cmd.transactionLifetimeLimitSeconds !== undefined)
      reply.transactionLifetimeLimitSeconds = 60;
    return ok(reply);
  },
  getCmdLineOpts: () => ok({ argv: ['forumkit-embedded'], parsed: {} }),
  serverStatus: (ctx) =>
    ok({
      host: ctx.server.host,
      version: SERVER_VERSION,
      process: 'mongod',
      pid: Long.fromNumber(process.pid),
      uptime: Math.floor((Date.now() - ctx.server.startedAt.getTime()) / 1000),
      localTime: new Date(),
      connections: { current: 1, available: 1000 },
      storageEngine: { name: 'forumkit-embedded', supportsCommittedReads: true, persistent: true },
    }),
  hostInfo: () =>
    ok({
      system: { currentTime: new Date(), hostname: hostname(), numCores: 1, memSizeMB: 1024 },
      os: { type: process.platform, name: process.platform, version: '' },
      extra: {},
    }),
  getLog: (ctx) =>
    ctx.cmd.getLog === '*'
      ? ok({ names: ['global', 'startupWarnings'] })
      : ok({ totalLinesWritten: 0, log: [] }),
  connectionStatus: () => ok({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] } }),
  whatsmyuri: () => ok({ you: '127.0.0.1:0' }),
  getFreeMonitoringStatus: () => ok({ state: 'disabled' }),
  logout: () => ok(),
  replSetGetStatus: (ctx) =>
    ok({
      set: ctx.server.setName,
      date: new Date(),
      myState: 1,
      members: [
        { _id: 0, name: ctx.server.host, health: 1, state: 1, stateStr: 'PRIMARY', self: true },
      ],
    }),
  listCommands: () => ok({ commands: {} }),
  getDefaultRWConcern: () =>
    ok({
      defaultReadConcern: { level: 'local' },
      defaultWriteConcern: { w: 'majority', wtimeout: 0 },
    }),
  features: () => ok({ oidMachine: 0 }),
};
