import { Query } from 'mingo';
import type { Doc } from '../bson-values';
import { isPlainObject, valueKey } from '../bson-values';
import { ID_INDEX_SPEC, type Collection } from '../collection-store';
import { badValue, CommandError, namespaceExists, namespaceNotFound } from '../errors';
import { databaseStats, storageStats } from '../stats';
import { defaultIndexName, sameIndexOptions, sameKey, type IndexSpec } from '../indexes';
import type { CommandHandler } from './context';
import { targetCollection } from './context';
import { cursorReply } from './read-commands';
import { checkValidationOptions } from '../validation';

/** Fields every command may carry that are not options of the command itself. */
const COMMAND_META = new Set([
  'lsid',
  'txnNumber',
  'autocommit',
  'startTransaction',
  'readConcern',
  'writeConcern',
  'comment',
  'maxTimeMS',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'commitQuorum',
]);

function optionsOf(cmd: Doc, commandName: string): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(cmd))
    if (k !== commandName && !k.startsWith('$') && !COMMAND_META.has(k)) out[k] = v;
  return out;
}

function requireCollection(coll: Collection | undefined, ns: string): Collection {
  if (!coll) throw namespaceNotFound(`ns does not exist: ${ns}`);
  return coll;
}

function approximateSize(coll: Collection): number {
  return coll.dataSize();
}

const VALIDATION_OPTIONS = ['validator', 'validationLevel', 'validationAction'] as const;

/**
 * collMod: document validation options are kept (and journaled); the rest is
 * accepted for compatibility (indexes are built synchronously, nothing to wait for).
 */
const collMod: CommandHandler = (ctx) => {
  const name = targetCollection(ctx, 'collMod');
  const changes = VALIDATION_OPTIONS.filter((k) => ctx.cmd[k] !== undefined);
  if (changes.length === 0) return { ok: 1 };
  const coll = requireCollection(ctx.engine.getCollection(ctx.db, name), `${ctx.db}.${name}`);
  const options: Doc = { ...coll.options };
  for (const k of changes) options[k] = ctx.cmd[k];
  checkValidationOptions(options);
  ctx.engine.setCollectionOptions(coll, options);
  return { ok: 1 };
};

const listDatabases: CommandHandler = (ctx) => {
  let databases: Doc[] = [...ctx.engine.databases.keys()].map((name) => {
    const colls = ctx.engine.collectionsOf(name);
    const sizeOnDisk = colls.reduce((s, c) => s + approximateSize(c), 0);
    return { name, sizeOnDisk, empty: colls.every((c) => c.liveCount === 0) };
  });
  if (isPlainObject(ctx.cmd.filter))
    databases = new Query(ctx.cmd.filter, {}).find<Doc>(databases).all();
  if (ctx.cmd.nameOnly === true)
    return { databases: databases.map((d) => ({ name: d.name })), ok: 1 };
  const totalSize = databases.reduce((s, d) => s + Number(d.sizeOnDisk), 0);
  return { databases, totalSize, totalSizeMb: Math.round(totalSize / 1048576), ok: 1 };
};

const listCollections: CommandHandler = (ctx) => {
  let entries: Doc[] = ctx.engine.collectionsOf(ctx.db).map((c) => ({
    name: c.name,
    ...(c.options.viewOn !== undefined
      ? { type: 'view', options: c.options, info: { readOnly: true } }
      : {
          type: 'collection',
          options: c.options,
          info: { readOnly: false, uuid: c.uuid },
          idIndex: ID_INDEX_SPEC,
        }),
  }));
  if (isPlainObject(ctx.cmd.filter))
    entries = new Query(ctx.cmd.filter, {}).find<Doc>(entries).all();
  if (ctx.cmd.nameOnly === true) entries = entries.map((e) => ({ name: e.name, type: e.type }));
  return cursorReply({ id: 0, ns: `${ctx.db}.$cmd.listCollections`, docs: entries }, 'firstBatch');
};

const create: CommandHandler = (ctx) => {
  const name = targetCollection(ctx, 'create');
  if (ctx.engine.getCollection(ctx.db, name)) throw namespaceExists(`${ctx.db}.${name}`);
  const options = optionsOf(ctx.cmd, 'create');
  if (options.viewOn !== undefined) {
    if (typeof options.viewOn !== 'string' || options.viewOn.length === 0)
      throw badValue("'viewOn' must be a non-empty string");
    if (options.pipeline !== undefined && !Array.isArray(options.pipeline))
      throw badValue("'pipeline' must be an array");
    options.pipeline ??= [];
  }
  checkValidationOptions(options);
  ctx.engine.createCollection(ctx.db, name, options);
  return { ok: 1 };
};

const drop: CommandHandler = (ctx) => {
  const name = targetCollection(ctx, 'drop');
  const coll = ctx.engine.getCollection(ctx.db, name);
  const nIndexesWas = coll ? coll.indexes.size + 1 : 0;
  ctx.engine.dropCollection(ctx.db, name);
  return { ns: `${ctx.db}.${name}`, nIndexesWas, ok: 1 };
};

const dropDatabase: CommandHandler = (ctx) => {
  ctx.engine.dropDatabase(ctx.db);
  return { dropped: ctx.db, ok: 1 };
};

function normalizeIndexSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw) || !isPlainObject(raw.key) || Object.keys(raw.key).length === 0) {
    throw new CommandError(
      67,
      'CannotCreateIndex',
      'index specification must have a non-empty key object',
    );
  }
  const { v: _v, ns: _ns, ...options } = raw;
  const key = raw.key;
  const name = typeof raw.name === 'string' ? raw.name : defaultIndexName(key);
  return { v: 2, key, name, ...options };
}

const createIndexes: CommandHandler = (ctx) => {
  const name = targetCollection(ctx, 'createIndexes');
  if (!Array.isArray(ctx.cmd.indexes)) throw badValue("'indexes' must be an array");
  const specs = ctx.cmd.indexes.map(normalizeIndexSpec);
  let coll = ctx.engine.getCollection(ctx.db, name);
  const createdCollectionAutomatically = !coll;
  coll ??= ctx.engine.createCollection(ctx.db, name);
  const numIndexesBefore = coll.indexes.size + 1;
  for (const spec of specs) {
    if (spec.name === '_id_' || (sameKey(spec.key, { _id: 1 }) && !spec.unique)) continue;
    const byName = coll.indexes.get(spec.name);
    if (byName) {
      if (sameKey(byName.spec.key, spec.key) && sameIndexOptions(byName.spec, spec)) continue;
      throw new CommandError(
        86,
        'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(byName.spec)}`,
      );
    }
    for (const existing of coll.indexes.values()) {
      if (sameKey(existing.spec.key, spec.key) && sameIndexOptions(existing.spec, spec)) {
        throw new CommandError(
          85,
          'IndexOptionsConflict',
          `Index already exists with a different name: ${existing.name}`,
        );
      }
    }
    ctx.engine.createIndex(coll, spec);
  }
  const numIndexesAfter = coll.indexes.size + 1;
  const reply: Doc = { numIndexesBefore, numIndexesAfter, createdCollectionAutomatically };
  if (numIndexesAfter === numIndexesBefore) reply.note = 'all indexes already exist';
  return { ...reply, ok: 1 };
};

const listIndexes: CommandHandler = (ctx) => {
  const name = targetCollection(ctx, 'listIndexes');
  const coll = requireCollection(ctx.engine.getCollection(ctx.db, name), `${ctx.db}.${name}`);
  return cursorReply({ id: 0, ns: `${ctx.db}.${name}`, docs: coll.indexSpecs() }, 'firstBatch');
};

const dropIndexes: CommandHandler = (ctx) => {
  const name = targetCollection(ctx, 'dropIndexes');
  const coll = requireCollection(ctx.engine.getCollection(ctx.db, name), `${ctx.db}.${name}`);
  const nIndexesWas = coll.indexes.size + 1;
  const target = ctx.cmd.index;
  let names: string[];
  if (target === '*') names = [...coll.indexes.keys()];
  else if (typeof target === 'string') names = [target];
  else if (Array.isArray(target)) names = target.map(String);
  else if (isPlainObject(target)) {
    const found = [...coll.indexes.values()].find((i) => valueKey(i.spec.key) === valueKey(target));
    if (!found)
      throw new CommandError(
        27,
        'IndexNotFound',
        `can't find index with key: ${JSON.stringify(target)}`,
      );
    names = [found.name];
  } else throw badValue('index must be a name, a key pattern, an array of names or "*"');
  for (const indexName of names) {
    if (indexName === '_id_') throw new CommandError(72, 'InvalidOptions', 'cannot drop _id index');
    if (!coll.indexes.has(indexName))
      throw new CommandError(27, 'IndexNotFound', `index not found with name [${indexName}]`);
  }
  for (const indexName of names) ctx.engine.dropIndex(coll, indexName);
  return { nIndexesWas, ok: 1 };
};

const collStats: CommandHandler = (ctx) => {
  const name = targetCollection(ctx, 'collStats');
  const coll = requireCollection(ctx.engine.getCollection(ctx.db, name), `${ctx.db}.${name}`);
  return { ns: coll.ns, ...storageStats(coll), ok: 1 };
};

const dbStats: CommandHandler = (ctx) => databaseStats(ctx.db, ctx.engine.collectionsOf(ctx.db));

export const adminCommands: Record<string, CommandHandler> = {
  listDatabases,
  listCollections,
  create,
  drop,
  dropDatabase,
  createIndexes,
  listIndexes,
  dropIndexes,
  collStats,
  dbStats,
  collMod,
  killAllSessions: () => ({ ok: 1 }),
  currentOp: () => ({ inprog: [], ok: 1 }),
  killOp: () => ({ info: 'attempting to kill op', ok: 1 }),
  fsync: () => ({ numFiles: 1, ok: 1 }),
  validate: (ctx) => ({
    ns: `${ctx.db}.${String(ctx.cmd.validate)}`,
    valid: true,
    errors: [],
    ok: 1,
  }),
  profile: () => ({ was: 0, slowms: 100, ok: 1 }),
  getLastError: () => ({ err: null, n: 0, ok: 1 }),
};
