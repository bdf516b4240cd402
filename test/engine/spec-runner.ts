import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  BSON,
  MongoBulkWriteError,
  MongoClient,
  MongoServerError,
  type ClientSession,
  type Collection,
  type CommandFailedEvent,
  type CommandStartedEvent,
  type CommandSucceededEvent,
  type Db,
  type Document,
} from 'mongodb';
import { assertMatches, type Entities } from './spec-match';

const { EJSON } = BSON;

/**
 * A runner for MongoDB's unified test format (the parts the CRUD tests use):
 * runOnRequirements, createEntities, initialData, operations with
 * expectResult / expectError, expectEvents through command monitoring, and
 * outcome. It talks to whatever server `uri` names, the engine or MongoDB.
 */

// Test files are free-form JSON; the runner reads their fields as the format describes them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

export type SpecFile = {
  description: string;
  schemaVersion: string;
  runOnRequirements?: Doc[];
  createEntities?: Doc[];
  initialData?: Doc[];
  tests: SpecTest[];
};
export type SpecTest = {
  description: string;
  runOnRequirements?: Doc[];
  skipReason?: string;
  operations: Doc[];
  expectEvents?: Doc[];
  outcome?: Doc[];
};

/** What runOnRequirements are evaluated against (from buildInfo and hello). */
export type ServerFacts = {
  version: number[];
  topology: 'single' | 'replicaset' | 'sharded' | 'load-balanced';
  auth: boolean;
};

const SUPPORTED_SCHEMA_MAJOR = 1;
/** Commands the unified format says never to record (they carry credentials or are the runner's own). */
const IGNORED_COMMANDS = new Set([
  'hello',
  'ismaster',
  'isMaster',
  'saslStart',
  'saslContinue',
  'getnonce',
  'authenticate',
  'configureFailPoint',
]);

export function loadSpecFiles(dir: string): { file: string; spec: SpecFile }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      spec: EJSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'), {
        relaxed: true,
      }) as SpecFile,
    }));
}

export async function serverFacts(client: MongoClient, uri: string): Promise<ServerFacts> {
  const admin = client.db('admin');
  const build = await admin.command({ buildInfo: 1 });
  const hello = await admin.command({ hello: 1 });
  const version = String(build.version)
    .split('-')[0]!
    .split('.')
    .map((n) => Number(n));
  const topology =
    hello.msg === 'isdbgrid'
      ? 'sharded'
      : hello.serviceId
        ? 'load-balanced'
        : hello.setName
          ? 'replicaset'
          : 'single';
  return { version, topology, auth: /^mongodb(\+srv)?:\/\/[^/]*@/.test(uri) };
}

function parseVersion(v: string): number[] {
  return v.split('.').map((n) => Number(n));
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Why a requirement is not met, or undefined when it is. */
function unmetRequirement(req: Doc, facts: ServerFacts): string | undefined {
  if (
    req.minServerVersion &&
    compareVersions(facts.version, parseVersion(req.minServerVersion)) < 0
  )
    return `needs server ${req.minServerVersion} or newer`;
  if (
    req.maxServerVersion &&
    compareVersions(facts.version, parseVersion(req.maxServerVersion)) > 0
  )
    return `needs server ${req.maxServerVersion} or older`;
  if (req.topologies) {
    const names = new Set<string>(req.topologies);
    const ok =
      names.has(facts.topology) ||
      (facts.topology === 'sharded' && names.has('sharded-replicaset'));
    if (!ok) return `needs topology ${[...names].join('/')}`;
  }
  if (req.serverless === 'require') return 'needs a serverless deployment';
  if (req.auth === true && !facts.auth) return 'needs authentication';
  if (req.auth === false && facts.auth) return 'needs a server without authentication';
  if (req.csfle === true) return 'needs client-side field level encryption';
  if (req.serverParameters) return 'checks server parameters';
  return undefined;
}

/** Why a list of requirements (any one suffices) is not met, or undefined. */
export function unmetRequirements(reqs: Doc[] | undefined, facts: ServerFacts): string | undefined {
  if (!reqs || reqs.length === 0) return undefined;
  const reasons = reqs.map((r) => unmetRequirement(r, facts));
  return reasons.includes(undefined) ? undefined : reasons.join('; or ');
}

export function unsupportedSchema(spec: SpecFile): string | undefined {
  const major = Number(spec.schemaVersion.split('.')[0]);
  return major === SUPPORTED_SCHEMA_MAJOR ? undefined : `schema version ${spec.schemaVersion}`;
}

type ClientEntity = {
  client: MongoClient;
  observe: Set<string>;
  ignore: Set<string>;
  events: (CommandStartedEvent | CommandSucceededEvent | CommandFailedEvent)[];
};

/** One test's entities; `close` releases clients, sessions and fail points. */
export class TestContext {
  readonly entities: Entities = new Map();
  private readonly clients = new Map<string, ClientEntity>();
  private readonly failPoints: { client: MongoClient; name: string }[] = [];

  constructor(private readonly uri: string) {}

  async createEntities(defs: Doc[] | undefined): Promise<void> {
    for (const def of defs ?? []) {
      const [kind, spec] = Object.entries(def)[0] as [string, Doc];
      if (kind === 'client') await this.createClient(spec);
      else if (kind === 'database') {
        const client = this.clients.get(spec.client)!.client;
        this.entities.set(spec.id, client.db(spec.databaseName, spec.databaseOptions));
      } else if (kind === 'collection') {
        const db = this.entities.get(spec.database) as Db;
        this.entities.set(spec.id, db.collection(spec.collectionName, spec.collectionOptions));
      } else if (kind === 'session') {
        const client = this.clients.get(spec.client)!.client;
        this.entities.set(spec.id, client.startSession(spec.sessionOptions));
      } else throw new Error(`entity type ${kind} is not supported by this runner`);
    }
  }

  private async createClient(spec: Doc): Promise<void> {
    const observe = new Set<string>(spec.observeEvents ?? []);
    const client = new MongoClient(this.uri, {
      ...(spec.uriOptions ?? {}),
      monitorCommands: observe.size > 0,
      serverSelectionTimeoutMS: 10_000,
    });
    const entity: ClientEntity = {
      client,
      observe,
      ignore: new Set([...(spec.ignoreCommandMonitoringEvents ?? []), ...IGNORED_COMMANDS]),
      events: [],
    };
    const record = (type: string) => (event: ClientEntity['events'][number]) => {
      if (entity.observe.has(type) && !entity.ignore.has(event.commandName))
        entity.events.push(event);
    };
    client.on('commandStarted', record('commandStartedEvent'));
    client.on('commandSucceeded', record('commandSucceededEvent'));
    client.on('commandFailed', record('commandFailedEvent'));
    await client.connect();
    this.clients.set(spec.id, entity);
    this.entities.set(spec.id, client);
  }

  async close(): Promise<void> {
    for (const { client, name } of this.failPoints) {
      await client.db('admin').command({ configureFailPoint: name, mode: 'off' });
    }
    for (const value of this.entities.values()) {
      if (value && typeof value === 'object' && 'endSession' in value) {
        await (value as ClientSession).endSession();
      }
    }
    for (const { client } of this.clients.values()) await client.close();
  }

  async runOperation(op: Doc): Promise<void> {
    let result: unknown;
    let error: unknown;
    try {
      result = await this.execute(op);
    } catch (err) {
      error = err;
    }
    if (op.expectError) {
      assert.ok(error, `${op.name}: expected an error, got ${EJSON.stringify(result as never)}`);
      assertExpectedError(error, op.expectError, this.entities);
      return;
    }
    if (error) throw error;
    if (op.expectResult !== undefined) {
      assertMatches(toPlain(result), op.expectResult, this.entities, true, `${op.name} result`);
    }
    if (op.saveResultAsEntity) this.entities.set(op.saveResultAsEntity, result);
  }

  private async execute(op: Doc): Promise<unknown> {
    const args: Doc = { ...(op.arguments ?? {}) };
    if (typeof args.session === 'string') args.session = this.entities.get(args.session);
    if (op.object === 'testRunner') return this.runnerOperation(op.name, args);
    const target = this.entities.get(op.object);
    if (!target) throw new Error(`no entity ${op.object}`);
    if (op.name === 'aggregate') {
      const { pipeline, ...options } = args;
      return (target as Db | Collection).aggregate(pipeline, options).toArray();
    }
    if (target instanceof MongoClient)
      throw new Error(`client operation ${op.name} is not supported`);
    if ('collectionName' in (target as object))
      return collectionOperation(target as Collection, op.name, args);
    return databaseOperation(target as Db, op.name, args);
  }

  private async runnerOperation(name: string, args: Doc): Promise<unknown> {
    if (name !== 'failPoint') throw new Error(`testRunner operation ${name} is not supported`);
    const client = this.clients.get(args.client)!.client;
    await client.db('admin').command(args.failPoint);
    this.failPoints.push({ client, name: args.failPoint.configureFailPoint });
    return undefined;
  }

  assertEvents(expected: Doc[]): void {
    for (const block of expected) {
      if (block.eventType && block.eventType !== 'command')
        throw new Error(`${block.eventType} events are not supported by this runner`);
      const actual = this.clients.get(block.client)!.events;
      const wanted: Doc[] = block.events;
      if (block.ignoreExtraEvents) assert.ok(actual.length >= wanted.length, 'too few events');
      else
        assert.equal(
          actual.length,
          wanted.length,
          `events of ${block.client}: ${actual.map((e) => `${e.constructor.name}:${e.commandName}`).join(', ')}`,
        );
      wanted.forEach((w, i) => assertEvent(actual[i]!, w, this.entities, `event ${i}`));
    }
  }
}

function assertEvent(
  actual: CommandStartedEvent | CommandSucceededEvent | CommandFailedEvent,
  expected: Doc,
  entities: Entities,
  where: string,
): void {
  const [type, spec] = Object.entries(expected)[0] as [string, Doc];
  const kind = {
    commandStartedEvent: 'CommandStartedEvent',
    commandSucceededEvent: 'CommandSucceededEvent',
    commandFailedEvent: 'CommandFailedEvent',
  }[type];
  assert.equal(actual.constructor.name, kind, `${where}: ${actual.constructor.name} for ${type}`);
  if (spec.commandName) assert.equal(actual.commandName, spec.commandName, `${where}: commandName`);
  if (spec.databaseName) {
    assert.equal((actual as CommandStartedEvent).databaseName, spec.databaseName, `${where}: db`);
  }
  if (spec.command) {
    assertMatches(
      (actual as CommandStartedEvent).command,
      spec.command,
      entities,
      true,
      `${where}.command`,
    );
  }
  if (spec.reply) {
    assertMatches(
      (actual as CommandSucceededEvent).reply,
      spec.reply,
      entities,
      true,
      `${where}.reply`,
    );
  }
}

function assertExpectedError(error: unknown, expected: Doc, entities: Entities): void {
  const err = error as MongoServerError & { result?: unknown; errorResponse?: Doc };
  const isServerError = err instanceof MongoServerError;
  if (expected.isClientError !== undefined) {
    assert.equal(!isServerError, expected.isClientError, `isClientError: ${err.message}`);
  }
  if (expected.isTimeoutError) assert.match(err.name, /Timeout/, 'isTimeoutError');
  if (expected.errorContains !== undefined) {
    assert.ok(
      err.message.toLowerCase().includes(String(expected.errorContains).toLowerCase()),
      `error message "${err.message}" lacks "${expected.errorContains}"`,
    );
  }
  if (expected.errorCode !== undefined) {
    assert.ok(isServerError, `errorCode on a client error: ${err.message}`);
    assert.equal(err.code, expected.errorCode, `errorCode: ${err.message}`);
  }
  if (expected.errorCodeName !== undefined) {
    assert.equal(err.codeName, expected.errorCodeName, `errorCodeName: ${err.message}`);
  }
  for (const label of expected.errorLabelsContain ?? []) {
    assert.ok(err.hasErrorLabel?.(label), `missing error label ${label}`);
  }
  for (const label of expected.errorLabelsOmit ?? []) {
    assert.ok(!err.hasErrorLabel?.(label), `unexpected error label ${label}`);
  }
  if (expected.errorResponse !== undefined) {
    assertMatches(err.errorResponse, expected.errorResponse, entities, true, 'errorResponse');
  }
  if (expected.expectResult !== undefined) {
    const result = err instanceof MongoBulkWriteError ? err.result : err.result;
    assertMatches(toPlain(result), expected.expectResult, entities, true, 'error result');
  }
}

/** Results as plain data: drivers' result classes expose their fields as getters. */
function toPlain(value: unknown): unknown {
  if (value instanceof MongoBulkWriteError) return toPlain(value.result);
  if (value && typeof value === 'object' && value.constructor?.name === 'BulkWriteResult') {
    const r = value as Doc;
    return {
      insertedCount: r.insertedCount,
      matchedCount: r.matchedCount,
      modifiedCount: r.modifiedCount,
      deletedCount: r.deletedCount,
      upsertedCount: r.upsertedCount,
      upsertedIds: r.upsertedIds,
      insertedIds: r.insertedIds,
    };
  }
  return value;
}

const RETURN_DOCUMENT: Record<string, 'before' | 'after'> = { Before: 'before', After: 'after' };

async function collectionOperation(c: Collection, name: string, args: Doc): Promise<unknown> {
  const { filter = {}, ...rest } = args;
  switch (name) {
    case 'find': {
      return c.find(filter, rest).toArray();
    }
    case 'findOne':
      return c.findOne(filter, rest);
    case 'countDocuments':
      return c.countDocuments(filter, rest);
    case 'count':
      return c.count(filter, rest);
    case 'estimatedDocumentCount':
      return c.estimatedDocumentCount(args);
    case 'distinct': {
      const { fieldName, ...options } = rest;
      return c.distinct(fieldName, filter, options);
    }
    case 'insertOne': {
      const { document, ...options } = args;
      return c.insertOne(document, options);
    }
    case 'insertMany': {
      const { documents, ...options } = args;
      return c.insertMany(documents, options);
    }
    case 'updateOne':
    case 'updateMany': {
      const { update, ...options } = rest;
      return name === 'updateOne'
        ? c.updateOne(filter, update, options)
        : c.updateMany(filter, update, options);
    }
    case 'replaceOne': {
      const { replacement, ...options } = rest;
      return c.replaceOne(filter, replacement, options);
    }
    case 'deleteOne':
      return c.deleteOne(filter, rest);
    case 'deleteMany':
      return c.deleteMany(filter, rest);
    case 'findOneAndUpdate': {
      const { update, returnDocument, ...options } = rest;
      return c.findOneAndUpdate(filter, update, {
        ...options,
        ...(returnDocument ? { returnDocument: RETURN_DOCUMENT[returnDocument] } : {}),
      });
    }
    case 'findOneAndReplace': {
      const { replacement, returnDocument, ...options } = rest;
      return c.findOneAndReplace(filter, replacement, {
        ...options,
        ...(returnDocument ? { returnDocument: RETURN_DOCUMENT[returnDocument] } : {}),
      });
    }
    case 'findOneAndDelete':
      return c.findOneAndDelete(filter, rest);
    case 'bulkWrite': {
      const { requests, ...options } = args;
      return c.bulkWrite(requests, options);
    }
    case 'createIndex': {
      const { keys, ...options } = args;
      return c.createIndex(keys, options);
    }
    case 'drop':
      return c.drop(args);
    default:
      throw new Error(`collection operation ${name} is not supported by this runner`);
  }
}

async function databaseOperation(db: Db, name: string, args: Doc): Promise<unknown> {
  switch (name) {
    case 'createCollection': {
      const { collection, ...options } = args;
      await db.createCollection(collection, options);
      return undefined;
    }
    case 'dropCollection': {
      const { collection, ...options } = args;
      return db.dropCollection(collection, options);
    }
    case 'modifyCollection': {
      const { collection, ...options } = args;
      return db.command({ collMod: collection, ...options });
    }
    case 'runCommand':
      return db.command(args.command);
    case 'listCollections':
      return db.listCollections(args.filter ?? {}).toArray();
    default:
      throw new Error(`database operation ${name} is not supported by this runner`);
  }
}

/** Drops and fills the collections of `initialData` through the runner's own client. */
export async function loadInitialData(client: MongoClient, data: Doc[] | undefined): Promise<void> {
  for (const { databaseName, collectionName, documents, createOptions } of data ?? []) {
    const db = client.db(databaseName);
    await db
      .dropCollection(collectionName, { writeConcern: { w: 'majority' } })
      .catch(ignoreNotFound);
    if (createOptions || documents.length === 0) {
      await db.createCollection(collectionName, {
        ...createOptions,
        writeConcern: { w: 'majority' },
      });
    }
    if (documents.length > 0) {
      await db
        .collection(collectionName)
        .insertMany(documents as Document[], { writeConcern: { w: 'majority' } });
    }
  }
}

function ignoreNotFound(err: unknown): void {
  if ((err as MongoServerError).code !== 26) throw err;
}

/** Checks each outcome collection holds exactly the expected documents, in `_id` order. */
export async function assertOutcome(
  client: MongoClient,
  outcome: Doc[] | undefined,
): Promise<void> {
  for (const { databaseName, collectionName, documents } of outcome ?? []) {
    const actual = await client
      .db(databaseName)
      .collection(collectionName)
      .find({}, { readConcern: { level: 'local' }, readPreference: 'primary' })
      .sort({ _id: 1 })
      .toArray();
    assertMatches(actual, documents, new Map(), false, `outcome ${databaseName}.${collectionName}`);
  }
}
