import { ObjectId } from 'bson';
import type { Doc } from '../bson-values';
import { isPlainObject, valueKey } from '../bson-values';
import { badValue, CommandError, duplicateKey, notSupported } from '../errors';
import { findFirst } from '../query';
import { checkDocument } from '../validation';
import { refuseWriteToView } from '../views';
import type { CommandContext } from './context';

/** The last stage of a pipeline when it writes ($out, $merge): where and how. */
export type PipelineWrite = { stage: '$out' | '$merge'; spec: unknown };

export function pipelineWrite(pipeline: Doc[]): PipelineWrite | undefined {
  pipeline.forEach((stage, i) => {
    const name = Object.keys(stage)[0];
    if ((name === '$out' || name === '$merge') && i !== pipeline.length - 1)
      throw new CommandError(
        40601,
        'Location40601',
        `${name} can only be the final stage in the pipeline`,
      );
  });
  const last = pipeline[pipeline.length - 1];
  const name = last && Object.keys(last)[0];
  if (last && (name === '$out' || name === '$merge')) return { stage: name, spec: last[name] };
  return undefined;
}

function target(ctx: CommandContext, spec: unknown, what: string): { db: string; coll: string } {
  if (typeof spec === 'string') return { db: ctx.db, coll: spec };
  if (isPlainObject(spec) && typeof spec.coll === 'string')
    return { db: typeof spec.db === 'string' ? spec.db : ctx.db, coll: spec.coll };
  throw badValue(`${what} needs a collection name`);
}

/** Results written by the stage pass the target's validator unless the command bypasses it. */
function validated(ctx: CommandContext, db: string, coll: string, doc: Doc, previous?: Doc): Doc {
  checkDocument(ctx.engine.getCollection(db, coll), doc, previous, {
    bypass: ctx.cmd.bypassDocumentValidation === true,
    warn: (msg, d) => ctx.logger.warn({ ns: `${db}.${coll}`, _id: d._id }, msg),
  });
  return doc;
}

function withId(doc: Doc): Doc {
  return doc._id === undefined ? { _id: new ObjectId(), ...doc } : doc;
}

/**
 * `$out`: the results replace the target collection's documents (its indexes
 * stay). Every result is checked against `_id` first so that a duplicate
 * leaves the target as it was, as MongoDB's temporary-collection swap does.
 */
function runOut(ctx: CommandContext, spec: unknown, results: Doc[]): void {
  const { db, coll } = target(ctx, spec, '$out');
  refuseWriteToView(ctx.engine, db, coll);
  const docs = results.map((r) => validated(ctx, db, coll, withId(r)));
  const seen = new Set<string>();
  for (const doc of docs) {
    const key = valueKey(doc._id);
    if (seen.has(key)) throw duplicateKey(`${db}.${coll}`, '_id_', { _id: 1 }, { _id: doc._id });
    seen.add(key);
  }
  ctx.engine.ensureCollection(db, coll);
  const previous = ctx.view.all(db, coll);
  for (const old of previous) ctx.view.remove(db, coll, old);
  try {
    for (const doc of docs) ctx.view.insert(db, coll, doc);
  } catch (err) {
    // A unique index refused a result: put the previous documents back.
    for (const doc of ctx.view.all(db, coll)) ctx.view.remove(db, coll, doc);
    for (const old of previous) ctx.view.insert(db, coll, old);
    throw err;
  }
}

const WHEN_MATCHED = new Set(['replace', 'keepExisting', 'merge', 'fail']);
const WHEN_NOT_MATCHED = new Set(['insert', 'discard', 'fail']);

/** `$merge` into a collection, matching on `_id` or the `on` fields. */
function runMerge(ctx: CommandContext, spec: unknown, results: Doc[]): void {
  const options: Doc = typeof spec === 'string' ? { into: spec } : isPlainObject(spec) ? spec : {};
  const { db, coll } = target(ctx, options.into, '$merge into');
  refuseWriteToView(ctx.engine, db, coll);
  const on: string[] =
    options.on === undefined
      ? ['_id']
      : Array.isArray(options.on)
        ? options.on.map(String)
        : [String(options.on)];
  const whenMatched = options.whenMatched ?? 'merge';
  const whenNotMatched = options.whenNotMatched ?? 'insert';
  if (typeof whenMatched !== 'string')
    throw notSupported(
      '$merge with a whenMatched pipeline is not supported by the embedded engine',
    );
  if (!WHEN_MATCHED.has(whenMatched))
    throw badValue(`unknown whenMatched mode ${String(whenMatched)}`);
  if (!WHEN_NOT_MATCHED.has(String(whenNotMatched)))
    throw badValue(`unknown whenNotMatched mode ${String(whenNotMatched)}`);
  ctx.engine.ensureCollection(db, coll);
  for (const result of results) {
    const doc = on.includes('_id') ? withId(result) : result;
    const filter: Doc = {};
    for (const field of on) {
      if (doc[field] === undefined)
        throw new CommandError(
          51132,
          'Location51132',
          `$merge write error: 'on' field '${field}' cannot be missing`,
        );
      filter[field] = doc[field];
    }
    const existing = findFirst(ctx.view, db, coll, filter);
    if (!existing) {
      if (whenNotMatched === 'discard') continue;
      if (whenNotMatched === 'fail')
        throw new CommandError(
          13113,
          'MergeStageNoMatchingDocument',
          '$merge could not find a matching document in the target collection',
        );
      ctx.view.insert(db, coll, validated(ctx, db, coll, withId(doc)));
      continue;
    }
    if (whenMatched === 'keepExisting') continue;
    if (whenMatched === 'fail')
      throw duplicateKey(`${db}.${coll}`, '_id_', { _id: 1 }, { _id: existing._id });
    const next =
      whenMatched === 'replace'
        ? { ...doc, _id: existing._id }
        : { ...existing, ...doc, _id: existing._id };
    ctx.view.replace(db, coll, existing, validated(ctx, db, coll, next, existing));
  }
}

export function runPipelineWrite(ctx: CommandContext, write: PipelineWrite, results: Doc[]): void {
  if (write.stage === '$out') runOut(ctx, write.spec, results);
  else runMerge(ctx, write.spec, results);
}
