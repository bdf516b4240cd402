import { Query } from 'mingo';
import type { Doc } from './bson-values';
import { isPlainObject } from './bson-values';
import type { DataView } from './data-view';
import { badValue } from './errors';

export type FindOptions = {
  filter?: Doc;
  sort?: Doc;
  projection?: Doc;
  skip?: number;
  limit?: number;
};

/** Compiles a filter once; mingo errors (unknown operator...) become BadValue. */
export function compileFilter(filter: Doc): Query {
  try {
    return new Query(filter, {});
  } catch (err) {
    throw badValue(err instanceof Error ? err.message : String(err));
  }
}

/**
 * Runs a find: index-narrowed candidates, then mingo for the filter, sort,
 * skip, limit and projection (in MongoDB's order: sort → skip → limit → project).
 */
export function findDocs(view: DataView, db: string, coll: string, options: FindOptions): Doc[] {
  const filter = options.filter ?? {};
  const candidates = view.candidates(db, coll, filter);
  if (candidates.length === 0) return [];
  const query = compileFilter(filter);
  const sort =
    options.sort && Object.keys(options.sort).length > 0 ? normalizeSort(options.sort) : undefined;
  try {
    const cursor = query.find<Doc>(candidates, options.projection ?? {});
    if (sort?.spec) cursor.sort(sort.spec);
    if (options.skip) cursor.skip(options.skip);
    if (options.limit) cursor.limit(Math.abs(options.limit));
    const out = cursor.all();
    return sort?.reverseNatural ? out.reverse() : out;
  } catch (err) {
    throw badValue(err instanceof Error ? err.message : String(err));
  }
}

/** `$natural` is the storage order; everything else goes to mingo. */
function normalizeSort(sort: Doc): { spec?: Doc; reverseNatural: boolean } {
  if (!('$natural' in sort)) return { spec: sort, reverseNatural: false };
  const { $natural, ...rest } = sort;
  return { spec: Object.keys(rest).length ? rest : undefined, reverseNatural: $natural === -1 };
}

/** The first matching document in `sort` order (findAndModify, update without multi). */
export function findFirst(
  view: DataView,
  db: string,
  coll: string,
  filter: Doc,
  sort?: Doc,
): Doc | undefined {
  return findDocs(view, db, coll, { filter, sort, limit: 1 })[0];
}

export function asDoc(value: unknown, what: string): Doc {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw badValue(`${what} must be an object`);
  return value;
}
