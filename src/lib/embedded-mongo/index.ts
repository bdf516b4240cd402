/**
 * A small MongoDB-wire-compatible server for development and tests, used when
 * no real MongoDB is available. See `server.ts` for the entry point.
 */
export { DamagedDataError } from './storage';
export { startEmbeddedMongo, type EmbeddedMongo, type EmbeddedMongoOptions } from './server';
export { startEngineThread, type EngineThreadOptions } from './worker-thread';
