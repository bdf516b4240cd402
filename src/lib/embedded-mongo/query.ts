import { Query } from 'mingo';
import type { Doc } from './bson-values';
import { isPlainObject } from './bson-values';
import type { DataView } from './data-view';
import { badValue } from './errors';
import { compileSimpleFilter, type DocPredicate } from './simple-filter';

export type FindOptions = {
  filter?: Doc;
  sort?: Doc;
  projection?: Doc;
  skip?: number;
  limit?: number;
  /** When given, counts the documents read (for explain's totalDocsExamined). */
  stats?: { docsExamined: number };
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
 * Runs a find: index-narrowed candidates, filtered by the simple equality
 * matcher or mingo, then sort, skip, limit and projection in MongoDB's order
 * (sort → skip → limit → project). Without a sort the candidates are read
 * lazily and reading stops once `skip + limit` documents matched, so a
 * `findOne` costs what its first match costs; mingo only runs for the sort
 * and projection when they are asked for.
 */
export function findDocs(view: DataView, db: string, coll: string, options: FindOptions): Doc[] {
  const filter = options.filter ?? {};
  const test = compileSimpleFilter(filter) ?? mingoTest(filter);
  const sort =
    options.sort && Object.keys(options.sort).length > 0 ? normalizeSort(options.sort) : undefined;
  const skip = options.skip ?? 0;
  const limit = options.limit ? Math.abs(options.limit) : undefined;
  const enough = sort || limit === undefined ? Infinity : skip + limit;
  let matched: Doc[] = [];
  try {
    const stats = options.stats;
    for (const doc of view.candidates(db, coll, filter)) {
      if (stats) stats.docsExamined++;
      if (!test(doc)) continue;
      matched.push(doc);
      if (matched.length >= enough) break;
    }
    if (sort?.reverseNatural) matched.reverse();
    if (sort?.spec) matched = compileFilter({}).find<Doc>(matched).sort(sort.spec).all();
    if (skip > 0 || limit !== undefined)
      matched = matched.slice(skip, limit === undefined ? undefined : skip + limit);
    if (options.projection && Object.keys(options.projection).length > 0)
      matched = compileFilter({}).find<Doc>(matched, options.projection).all();
  } catch (err) {
    throw badValue(err instanceof Error ? err.message : String(err));
  }
  return matched;
}

function mingoTest(filter: Doc): DocPredicate {
  const query = compileFilter(filter);
  return (doc) => query.test(doc);
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
