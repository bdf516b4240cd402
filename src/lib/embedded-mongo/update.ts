import { Aggregator, update as mingoUpdate } from 'mingo';
import * as updateOperators from 'mingo/operators/update';
import type { Doc } from './bson-values';
import { ObjectId } from 'bson';
import {
  cloneDoc,
  getPath,
  isOperatorObject,
  isPlainObject,
  setPath,
  valueKey,
} from './bson-values';
import { badValue, CommandError, immutableField } from './errors';

export type UpdateSpec = Doc | Doc[];

type UpdateOperator = (expr: Doc) => (doc: Doc) => string[];

/**
 * Update operators that never evaluate a query or an expression, applied by
 * calling mingo's operator functions directly. mingo's `update` copies its
 * whole operator table (~400 entries) into a fresh context on every call,
 * ~60 us against ~2 us for the operators themselves; the cross-operator path
 * conflict check it would do is done by `assertNoConflicts`.
 */
const PLAIN_OPERATORS: ReadonlyMap<string, UpdateOperator> = new Map(
  ['$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$currentDate'].map((op) => [
    op,
    (updateOperators as unknown as Record<string, UpdateOperator>)[op] as UpdateOperator,
  ]),
);

/** MongoDB refuses two operators touching the same path, or a path and its parent (code 40). */
function assertNoConflicts(modifier: Doc): void {
  const paths: string[] = [];
  for (const [op, fields] of Object.entries(modifier)) {
    paths.push(...Object.keys(fields as Doc));
    if (op === '$rename')
      for (const target of Object.values(fields as Doc))
        if (typeof target === 'string') paths.push(target);
  }
  if (paths.length < 2) return;
  paths.sort();
  for (let i = 1; i < paths.length; i++) {
    const [a, b] = [paths[i - 1] as string, paths[i] as string];
    if (a === b || b.startsWith(`${a}.`))
      throw new CommandError(
        40,
        'ConflictingUpdateOperators',
        `Updating the path '${b}' would create a conflict at '${a}'`,
      );
  }
}

/** `_id` first, as MongoDB stores it. */
export function withIdFirst(doc: Doc): Doc {
  if (Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

export function isReplacement(u: UpdateSpec): boolean {
  return !Array.isArray(u) && !Object.keys(u).some((k) => k.startsWith('$'));
}

/**
 * Applies an update (operators, replacement, or pipeline) to a copy of `doc`.
 * `query` is the filter, needed for the positional `$` operator. `inserting`
 * marks the upsert case, where `$setOnInsert` applies.
 */
export function applyUpdate(
  doc: Doc,
  u: UpdateSpec,
  options: { query?: Doc; arrayFilters?: Doc[]; inserting?: boolean; variables?: Doc } = {},
): { doc: Doc; modified: boolean } {
  let next: Doc;
  if (Array.isArray(u)) {
    try {
      const out = new Aggregator(u, options.variables ? { variables: options.variables } : {}).run([
        cloneDoc(doc),
      ]);
      next = (out[0] as Doc | undefined) ?? {};
    } catch (err) {
      throw badValue(err instanceof Error ? err.message : String(err));
    }
    // A pipeline cannot change _id; one that drops it ($replaceRoot, $project) keeps the old one.
    if (doc._id !== undefined) {
      if (next._id === undefined) next = { _id: doc._id, ...next };
      else if (valueKey(next._id) !== valueKey(doc._id)) throw immutableChange(next._id);
    }
  } else if (isReplacement(u)) {
    const replacement = u;
    if (
      '_id' in replacement &&
      doc._id !== undefined &&
      valueKey(replacement._id) !== valueKey(doc._id)
    ) {
      throw immutableChange(replacement._id);
    }
    const { _id: _ignored, ...fields } = replacement;
    next = { _id: doc._id ?? replacement._id, ...fields };
  } else {
    const modifier: Doc = { ...(u as Doc) };
    const onInsert = modifier.$setOnInsert;
    delete modifier.$setOnInsert;
    if (options.inserting && isPlainObject(onInsert)) {
      const existing: Doc = isPlainObject(modifier.$set) ? modifier.$set : {};
      modifier.$set = { ...existing, ...onInsert };
    }
    for (const key of Object.keys(modifier)) {
      if (!isPlainObject(modifier[key]))
        throw new CommandError(
          9,
          'FailedToParse',
          `Modifiers operate on fields but we found type ${typeof modifier[key]} instead. For example: {$mod: {<field>: ...}} not {${key}: ${String(modifier[key])}}`,
        );
    }
    next = cloneDoc(doc);
    if (Object.keys(modifier).length > 0) {
      const paths = Object.values(modifier).flatMap((m) => Object.keys(m as Doc));
      const needsQuery = paths.some((p) => p.includes('.$'));
      const plain =
        !paths.some((p) => p.includes('$')) &&
        !options.arrayFilters?.length &&
        Object.keys(modifier).every((op) => PLAIN_OPERATORS.has(op));
      try {
        if (plain) {
          assertNoConflicts(modifier);
          for (const [op, fields] of Object.entries(modifier))
            (PLAIN_OPERATORS.get(op) as UpdateOperator)(fields as Doc)(next);
        } else {
          mingoUpdate(
            next,
            modifier,
            options.arrayFilters,
            needsQuery ? options.query : undefined,
            {
              cloneMode: 'copy',
            },
          );
        }
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (/conflict/i.test(message))
          throw new CommandError(40, 'ConflictingUpdateOperators', message);
        if (/immutable field '_id'/.test(message)) throw immutableField(message);
        throw badValue(message);
      }
    }
  }
  if (doc._id !== undefined && valueKey(next._id) !== valueKey(doc._id))
    throw immutableChange(next._id);
  next = withIdFirst(next);
  return { doc: next, modified: valueKey(next) !== valueKey(doc) };
}

function immutableChange(_id: unknown): CommandError {
  return immutableField(
    `Performing an update on the path '_id' would modify the immutable field '_id' (new value ${String(_id)})`,
  );
}

/**
 * The document an upsert starts from: the filter's equality fields (MongoDB
 * copies `{ a: 1 }`, `{ a: { $eq: 1 } }` and those inside `$and`).
 */
export function upsertSeed(filter: Doc): Doc {
  const seed: Doc = {};
  const visit = (f: Doc) => {
    for (const [path, cond] of Object.entries(f)) {
      if (path === '$and' && Array.isArray(cond)) {
        for (const c of cond) if (isPlainObject(c)) visit(c);
        continue;
      }
      if (path.startsWith('$')) continue;
      if (isOperatorObject(cond)) {
        if ('$eq' in cond) setPath(seed, path, cloneDoc(cond.$eq));
        continue;
      }
      setPath(seed, path, cloneDoc(cond));
    }
  };
  visit(filter);
  return seed;
}

/** Builds the document an upsert inserts. */
export function buildUpsert(filter: Doc, u: UpdateSpec, arrayFilters?: Doc[]): Doc {
  const seed = upsertSeed(filter);
  let doc: Doc;
  if (!Array.isArray(u) && isReplacement(u)) {
    doc = { ...u };
    if (doc._id === undefined && seed._id !== undefined) doc._id = seed._id;
  } else {
    doc = applyUpdate(seed, u, { query: filter, arrayFilters, inserting: true }).doc;
  }
  if (doc._id === undefined) doc._id = new ObjectId();
  return withIdFirst(doc);
}

export { getPath };
