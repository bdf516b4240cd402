import { Long } from 'bson';
import { Aggregator } from 'mingo';
import type { Doc } from '../bson-values';
import { cloneDoc, isPlainObject, pathValues, valueKey } from '../bson-values';
import type { Batch } from '../cursors';
import { badValue, CommandError, failedToParse, namespaceNotFound } from '../errors';
import { storageStats } from '../stats';
import { findAsPipeline, resolveView } from '../views';
import { asDoc, compileFilter, findDocs, leadingRead, letVariables } from '../query';
import { pipelineWrite, runPipelineWrite } from './aggregate-writes';
import type { CommandContext, CommandHandler } from './context';
import { targetCollection } from './context';

export function cursorReply(batch: Batch, field: 'firstBatch' | 'nextBatch'): Doc {
  return { cursor: { id: Long.fromNumber(batch.id), ns: batch.ns, [field]: batch.docs }, ok: 1 };
}

function optionalNumber(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw badValue(`${what} must be a number`);
  return n;
}

const find: CommandHandler = (ctx) => {
  const coll = targetCollection(ctx, 'find');
  const { cmd } = ctx;
  const limit = optionalNumber(cmd.limit, 'limit');
  const skip = optionalNumber(cmd.skip, 'skip');
  if ((skip ?? 0) < 0) throw badValue('skip value must be non-negative');
  const options = {
    filter: asDoc(cmd.filter, 'filter'),
    sort: cmd.sort === undefined ? undefined : asDoc(cmd.sort, 'sort'),
    projection: cmd.projection === undefined ? undefined : asDoc(cmd.projection, 'projection'),
    skip,
    limit,
    variables: letVariables(cmd),
  };
  const view = resolveView(ctx.engine, ctx.db, coll);
  const docs = view
    ? runPipeline(
        ctx,
        view.source,
        [...view.pipeline, ...findAsPipeline(options)],
        options.variables,
      )
    : findDocs(ctx.view, ctx.db, coll, options);
  const singleBatch = cmd.singleBatch === true || (limit !== undefined && limit < 0);
  const batchSize = optionalNumber(cmd.batchSize, 'batchSize');
  return cursorReply(
    ctx.cursors.open(`${ctx.db}.${coll}`, docs, batchSize, singleBatch),
    'firstBatch',
  );
};

const getMore: CommandHandler = (ctx) => {
  const id = Number(ctx.cmd.getMore);
  return cursorReply(
    ctx.cursors.getMore(id, optionalNumber(ctx.cmd.batchSize, 'batchSize')),
    'nextBatch',
  );
};

const killCursors: CommandHandler = (ctx) => {
  const ids = Array.isArray(ctx.cmd.cursors) ? ctx.cmd.cursors.map(Number) : [];
  const { killed, notFound } = ctx.cursors.kill(ids);
  return {
    cursorsKilled: killed.map((id) => Long.fromNumber(id)),
    cursorsNotFound: notFound.map((id) => Long.fromNumber(id)),
    cursorsAlive: [],
    cursorsUnknown: [],
    ok: 1,
  };
};

const count: CommandHandler = (ctx) => {
  const coll = targetCollection(ctx, 'count');
  const filter = asDoc(ctx.cmd.query, 'query');
  const skip = optionalNumber(ctx.cmd.skip, 'skip') ?? 0;
  const limit = Math.abs(optionalNumber(ctx.cmd.limit, 'limit') ?? 0);
  let n: number;
  const collection = ctx.engine.getCollection(ctx.db, coll);
  const view = resolveView(ctx.engine, ctx.db, coll);
  if (view)
    n = runPipeline(
      ctx,
      view.source,
      [...view.pipeline, ...findAsPipeline({ filter })],
      undefined,
    ).length;
  else if (Object.keys(filter).length === 0 && !ctx.view.inTransaction)
    n = collection?.liveCount ?? 0;
  else n = findDocs(ctx.view, ctx.db, coll, { filter }).length;
  n = Math.max(0, n - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
};

const distinct: CommandHandler = (ctx) => {
  const coll = targetCollection(ctx, 'distinct');
  const key = ctx.cmd.key;
  if (typeof key !== 'string' || key.length === 0)
    throw failedToParse('distinct key must be a non-empty string');
  const seen = new Set<string>();
  const values: unknown[] = [];
  for (const doc of findDocs(ctx.view, ctx.db, coll, { filter: asDoc(ctx.cmd.query, 'query') })) {
    for (const v of pathValues(doc, key)) {
      if (v === undefined) continue;
      const k = valueKey(v);
      if (seen.has(k)) continue;
      seen.add(k);
      values.push(v);
    }
  }
  return { values, ok: 1 };
};

/** Stages that never write into their input documents, so stored documents can be fed to them uncloned. */
const READ_ONLY_STAGES = new Set([
  '$match',
  '$sort',
  '$skip',
  '$limit',
  '$count',
  '$group',
  '$sortByCount',
]);

/**
 * aggregate: leading `$match` stages are answered like a find (so they use
 * indexes); mingo runs the rest on copies. `$lookup` and friends resolve other
 * collections of the same database through the same view, so they see the
 * transaction's snapshot when there is one.
 */
const aggregate: CommandHandler = (ctx) => {
  const { cmd } = ctx;
  if (!Array.isArray(cmd.pipeline))
    throw failedToParse("'pipeline' option must be specified as an array");
  const stages = cmd.pipeline.map((stage) => asDoc(stage, 'pipeline stage'));
  const write = pipelineWrite(stages);
  const pipeline = write ? stages.slice(0, -1) : stages;
  if (write && isPlainObject(cmd.readConcern) && cmd.readConcern.level === 'linearizable')
    throw new CommandError(
      72,
      'InvalidOptions',
      `${write.stage} cannot be used with a 'linearizable' read concern level`,
    );
  const variables = letVariables(cmd);
  let results: Doc[];
  let ns: string;
  if (cmd.aggregate === 1) {
    // Database-level aggregations: given documents ($documents), the sessions seen
    // ($listLocalSessions); nothing else ($currentOp...) to report.
    const first = pipeline[0];
    const source =
      first && '$documents' in first
        ? documentsStage(first.$documents, variables)
        : first && '$listLocalSessions' in first
          ? ctx.sessions.list()
          : undefined;
    results = source ? (new Aggregator(pipeline.slice(1), { variables }).run(source) as Doc[]) : [];
    ns = `${ctx.db}.$cmd.aggregate`;
  } else {
    const name = targetCollection(ctx, 'aggregate');
    const view = resolveView(ctx.engine, ctx.db, name);
    results = runPipeline(
      ctx,
      view?.source ?? name,
      view ? [...view.pipeline, ...pipeline] : pipeline,
      variables,
    );
    ns = `${ctx.db}.${name}`;
  }
  if (cmd.explain === true) return { stages, ok: 1 };
  if (write) {
    runPipelineWrite(ctx, write, results);
    results = [];
  }
  const cursorOptions = isPlainObject(cmd.cursor) ? cmd.cursor : {};
  const batchSize = optionalNumber(cursorOptions.batchSize, 'batchSize');
  return cursorReply(ctx.cursors.open(ns, results, batchSize), 'firstBatch');
};

/** `$documents`: an expression (usually a literal array) giving the documents to start from. */
function documentsStage(spec: unknown, variables: Doc | undefined): Doc[] {
  const [out] = new Aggregator([{ $replaceWith: { docs: spec } }], { variables }).run([
    {},
  ]) as Doc[];
  const docs: unknown = out?.docs;
  if (!Array.isArray(docs) || !docs.every((d) => isPlainObject(d)))
    throw badValue('$documents must evaluate to an array of objects');
  return docs as Doc[];
}

/** Runs a pipeline over a collection: a leading read from an index, then mingo. */
function runPipeline(
  ctx: CommandContext,
  coll: string,
  pipeline: Doc[],
  variables: Doc | undefined,
): Doc[] {
  const first = pipeline[0];
  if (first && '$collStats' in first) {
    const stats = collStatsStage(ctx, coll, asDoc(first.$collStats, '$collStats'));
    return new Aggregator(pipeline.slice(1), { variables }).run([stats]) as Doc[];
  }
  const { read, rest } = leadingRead(pipeline);
  let docs = findDocs(ctx.view, ctx.db, coll, { ...read, variables });
  if (!rest.every((stage) => READ_ONLY_STAGES.has(Object.keys(stage)[0] ?? '')))
    docs = docs.map(cloneDoc);
  const resolved = new Map<string, Doc[]>();
  const collectionResolver = (name: string): Doc[] => {
    let found = resolved.get(name);
    if (!found) resolved.set(name, (found = ctx.view.all(ctx.db, name).map(cloneDoc)));
    return found;
  };
  try {
    return rest.length === 0
      ? docs
      : (new Aggregator(rest, { collectionResolver, variables }).run(docs) as Doc[]);
  } catch (err) {
    throw badValue(err instanceof Error ? err.message : String(err));
  }
}

/** `$collStats` as the first stage: what mongosh's `db.coll.stats()` reads. */
function collStatsStage(ctx: CommandContext, name: string, spec: Doc): Doc {
  const coll = ctx.engine.getCollection(ctx.db, name);
  if (!coll)
    throw namespaceNotFound(
      `Unable to retrieve storageStats in $collStats stage :: caused by :: Collection [${ctx.db}.${name}] not found.`,
    );
  const out: Doc = { ns: coll.ns, host: ctx.server.host, localTime: new Date() };
  if (spec.storageStats !== undefined) out.storageStats = storageStats(coll);
  if (spec.count !== undefined) out.count = coll.liveCount;
  return out;
}

export const readCommands: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  count,
  distinct,
  aggregate,
};

export { compileFilter };
export type { CommandContext };
