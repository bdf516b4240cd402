import { calculateObjectSize, ObjectId } from 'bson';
import { Query } from 'mingo';
import type { Doc } from '../bson-values';
import { isPlainObject } from '../bson-values';
import {
  badValue,
  CommandError,
  documentTooLarge,
  failedToParse,
  MAX_DOCUMENT_BYTES,
} from '../errors';
import { asDoc, findDocs, findFirst, letVariables } from '../query';
import { applyUpdate, buildUpsert, isReplacement, withIdFirst, type UpdateSpec } from '../update';
import type { CommandContext, CommandHandler } from './context';
import { targetCollection } from './context';
import { checkDocument } from '../validation';
import { refuseWriteToView } from '../views';

/**
 * Runs each item of a write command. A CommandError becomes a `writeErrors`
 * entry (ordered stops at the first one, unordered carries on); inside a
 * transaction a WriteConflict aborts the whole command instead, because the
 * driver only retries transactions on a top-level TransientTransactionError.
 */
function runWriteItems<T>(
  ctx: CommandContext,
  items: T[],
  run: (item: T, index: number) => void,
): Doc[] {
  const ordered = ctx.cmd.ordered !== false;
  const writeErrors: Doc[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      run(items[i] as T, i);
    } catch (err) {
      if (!(err instanceof CommandError) || (ctx.txn && err.code === 112)) throw err;
      writeErrors.push(err.toWriteError(i));
      if (ordered) break;
    }
  }
  return writeErrors;
}

function withWriteErrors(reply: Doc, writeErrors: Doc[]): Doc {
  if (writeErrors.length > 0) reply.writeErrors = writeErrors;
  reply.ok = 1;
  return reply;
}

function docsArray(value: unknown, what: string): Doc[] {
  if (!Array.isArray(value)) throw failedToParse(`${what} must be an array`);
  return value.map((v) => {
    if (!isPlainObject(v)) throw failedToParse(`${what} entries must be objects`);
    return v;
  });
}

/** The collection's validator, unless the command says bypassDocumentValidation. */
function validate(ctx: CommandContext, coll: string, doc: Doc, previous?: Doc): Doc {
  checkDocument(ctx.engine.getCollection(ctx.db, coll), doc, previous, {
    bypass: ctx.cmd.bypassDocumentValidation === true,
    warn: (msg, d) => ctx.logger.warn({ ns: `${ctx.db}.${coll}`, _id: d._id }, msg),
  });
  return doc;
}

/** Stored documents stay within BSON's limit, or every later reply carrying them would fail. */
function checkSize(doc: Doc, updating: boolean): Doc {
  const size = calculateObjectSize(doc, { ignoreUndefined: true });
  if (size > MAX_DOCUMENT_BYTES) throw documentTooLarge(size, updating);
  return doc;
}

/** MongoDB refuses an `_id` object with `$`-prefixed fields (they could be read as operators). */
function checkIdField(id: unknown): void {
  if (!isPlainObject(id)) return;
  for (const key of Object.keys(id)) {
    if (key.startsWith('$'))
      throw new CommandError(
        53,
        'InvalidIdField',
        `_id fields may not contain '$'-prefixed fields: ${key} is not valid for storage.`,
      );
    checkIdField(id[key]);
  }
}

export function prepareForInsert(doc: Doc): Doc {
  if (doc._id === undefined) return { _id: new ObjectId(), ...doc };
  if (Array.isArray(doc._id)) throw badValue(`can't use an array for _id`);
  checkIdField(doc._id);
  return withIdFirst(doc);
}

const insert: CommandHandler = (ctx) => {
  const coll = targetCollection(ctx, 'insert');
  refuseWriteToView(ctx.engine, ctx.db, coll);
  const docs = docsArray(ctx.cmd.documents, 'documents');
  let n = 0;
  const writeErrors = runWriteItems(ctx, docs, (doc) => {
    ctx.view.insert(ctx.db, coll, validate(ctx, coll, checkSize(prepareForInsert(doc), false)));
    n++;
  });
  return withWriteErrors({ n }, writeErrors);
};

function updateSpecOf(u: unknown): UpdateSpec {
  if (Array.isArray(u)) return u.map((stage) => asDoc(stage, 'pipeline stage'));
  if (!isPlainObject(u)) throw failedToParse('update must be an object or a pipeline');
  return u;
}

const update: CommandHandler = (ctx) => {
  const coll = targetCollection(ctx, 'update');
  refuseWriteToView(ctx.engine, ctx.db, coll);
  const updates = docsArray(ctx.cmd.updates, 'updates');
  // The sort option of update statements came with MongoDB 8.0; 7.0 refuses the whole command.
  if (updates.some((spec) => spec.sort !== undefined))
    throw new CommandError(
      40415,
      'Location40415',
      "BSON field 'update.updates.sort' is an unknown field.",
    );
  const variables = letVariables(ctx.cmd);
  let n = 0;
  let nModified = 0;
  const upserted: Doc[] = [];
  const writeErrors = runWriteItems(ctx, updates, (spec, index) => {
    const filter = asDoc(spec.q, 'q');
    const u = updateSpecOf(spec.u);
    const arrayFilters = Array.isArray(spec.arrayFilters)
      ? (spec.arrayFilters as Doc[])
      : undefined;
    if (spec.multi === true && !Array.isArray(u) && isReplacement(u) && Object.keys(u).length > 0) {
      throw failedToParse('multi update is not supported for replacement-style update');
    }
    const matches =
      spec.multi === true
        ? findDocs(ctx.view, ctx.db, coll, { filter, variables })
        : [findFirst(ctx.view, ctx.db, coll, filter, undefined, variables)].filter(
            (d): d is Doc => d !== undefined,
          );
    // A statement that fails counts nothing, as in MongoDB (documents it changed before stay changed).
    let matched = 0;
    let modified = 0;
    for (const doc of matches) {
      const result = applyUpdate(doc, u, { query: filter, arrayFilters, variables });
      matched++;
      if (result.modified) {
        ctx.view.replace(ctx.db, coll, doc, validate(ctx, coll, checkSize(result.doc, true), doc));
        modified++;
      }
    }
    if (matches.length === 0 && spec.upsert === true) {
      const doc = validate(ctx, coll, checkSize(buildUpsert(filter, u, arrayFilters), true));
      ctx.view.insert(ctx.db, coll, doc);
      upserted.push({ index, _id: doc._id });
      matched++;
    }
    n += matched;
    nModified += modified;
  });
  const reply: Doc = { n, nModified };
  if (upserted.length > 0) reply.upserted = upserted;
  return withWriteErrors(reply, writeErrors);
};

const del: CommandHandler = (ctx) => {
  const coll = targetCollection(ctx, 'delete');
  refuseWriteToView(ctx.engine, ctx.db, coll);
  const deletes = docsArray(ctx.cmd.deletes, 'deletes');
  const variables = letVariables(ctx.cmd);
  let n = 0;
  const writeErrors = runWriteItems(ctx, deletes, (spec) => {
    const filter = asDoc(spec.q, 'q');
    const limit = Number(spec.limit ?? 0);
    if (limit !== 0 && limit !== 1)
      throw failedToParse('The limit field in delete objects must be 0 or 1');
    const matches = findDocs(ctx.view, ctx.db, coll, {
      filter,
      limit: limit === 1 ? 1 : undefined,
      variables,
    });
    for (const doc of matches) {
      ctx.view.remove(ctx.db, coll, doc);
      n++;
    }
  });
  return withWriteErrors({ n }, writeErrors);
};

function project(doc: Doc | undefined, fields: unknown): Doc | null {
  if (!doc) return null;
  if (!isPlainObject(fields) || Object.keys(fields).length === 0) return doc;
  return (new Query({}, {}).find<Doc>([doc], fields).all()[0] as Doc | undefined) ?? null;
}

const findAndModify: CommandHandler = (ctx) => {
  const coll = targetCollection(ctx, 'findAndModify');
  refuseWriteToView(ctx.engine, ctx.db, coll);
  const { cmd } = ctx;
  const filter = asDoc(cmd.query, 'query');
  const sort = cmd.sort === undefined ? undefined : asDoc(cmd.sort, 'sort');
  const variables = letVariables(cmd);
  const doc = findFirst(ctx.view, ctx.db, coll, filter, sort, variables);
  if (cmd.remove === true) {
    if (cmd.update !== undefined)
      throw failedToParse('Cannot specify both an update and remove=true');
    if (doc) ctx.view.remove(ctx.db, coll, doc);
    return { lastErrorObject: { n: doc ? 1 : 0 }, value: project(doc, cmd.fields), ok: 1 };
  }
  if (cmd.update === undefined)
    throw failedToParse('Either an update or remove=true must be specified');
  const u = updateSpecOf(cmd.update);
  const arrayFilters = Array.isArray(cmd.arrayFilters) ? (cmd.arrayFilters as Doc[]) : undefined;
  if (doc) {
    const result = applyUpdate(doc, u, { query: filter, arrayFilters, variables });
    if (result.modified)
      ctx.view.replace(ctx.db, coll, doc, validate(ctx, coll, checkSize(result.doc, true), doc));
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: project(cmd.new === true ? result.doc : doc, cmd.fields),
      ok: 1,
    };
  }
  if (cmd.upsert === true) {
    const inserted = checkSize(buildUpsert(filter, u, arrayFilters), true);
    ctx.view.insert(ctx.db, coll, validate(ctx, coll, inserted));
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: inserted._id },
      value: cmd.new === true ? project(inserted, cmd.fields) : null,
      ok: 1,
    };
  }
  return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
};

export const writeCommands: Record<string, CommandHandler> = {
  insert,
  update,
  delete: del,
  findAndModify,
  findandmodify: findAndModify,
};
