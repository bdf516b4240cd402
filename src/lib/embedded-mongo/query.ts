import { Aggregator, Query } from 'mingo';
import type { Doc } from './bson-values';
import { isPlainObject } from './bson-values';
import type { DataView, ScanStats } from './data-view';
import { badValue } from './errors';
import { compileSimpleFilter, type DocPredicate } from './simple-filter';

export type FindOptions = {
  filter?: Doc;
  sort?: Doc;
  projection?: Doc;
  skip?: number;
  limit?: number;
  /** When given, counts the keys and documents read and names the plan (for explain). */
  stats?: ScanStats;
  /** The command's `let` variables, for `$$name` in `$expr`. */
  variables?: Doc;
};

/** Compiles a filter once; mingo errors (unknown operator...) become BadValue. */
export function compileFilter(filter: Doc, variables?: Doc): Query {
  try {
    return new Query(filter, variables ? { variables } : {});
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
  const test = compileSimpleFilter(filter) ?? mingoTest(filter, options.variables);
  const sort =
    options.sort && Object.keys(options.sort).length > 0 ? normalizeSort(options.sort) : undefined;
  const skip = options.skip ?? 0;
  const limit = options.limit ? Math.abs(options.limit) : undefined;
  let matched: Doc[] = [];
  try {
    const stats = options.stats;
    const candidates = view.candidates(db, coll, filter, sort?.spec, stats);
    // An index read in sort order needs no sorting, and can stop once enough matched.
    const sortDone = sort?.spec !== undefined && !sort.reverseNatural && candidates.sorted;
    const enough = (sort && !sortDone) || limit === undefined ? Infinity : skip + limit;
    for (const doc of candidates.docs) {
      if (stats) stats.docsExamined++;
      if (!test(doc)) continue;
      matched.push(doc);
      if (matched.length >= enough) break;
    }
    if (sort?.reverseNatural) matched.reverse();
    if (sort?.spec && !sortDone)
      matched = compileFilter({}).find<Doc>(matched).sort(sort.spec).all();
    if (skip > 0 || limit !== undefined)
      matched = matched.slice(skip, limit === undefined ? undefined : skip + limit);
    if (options.projection && Object.keys(options.projection).length > 0)
      matched = compileFilter({}).find<Doc>(matched, options.projection).all();
  } catch (err) {
    throw badValue(err instanceof Error ? err.message : String(err));
  }
  return matched;
}

function mingoTest(filter: Doc, variables?: Doc): DocPredicate {
  const query = compileFilter(filter, variables);
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
  variables?: Doc,
): Doc | undefined {
  return findDocs(view, db, coll, { filter, sort, limit: 1, variables })[0];
}

/**
 * A command's `let` option: an object of variables, or nothing. Each value is
 * an expression evaluated once, as MongoDB does (`{ $literal: '$x' }` is the
 * string '$x', `{ $rand: {} }` one number for the whole command).
 */
export function letVariables(cmd: Doc): Doc | undefined {
  if (cmd.let === undefined) return undefined;
  if (!isPlainObject(cmd.let)) throw badValue("'let' must be an object");
  if (Object.keys(cmd.let).length === 0) return {};
  try {
    const [values] = new Aggregator([{ $replaceWith: cmd.let }]).run([{}]) as Doc[];
    return values ?? {};
  } catch (err) {
    throw badValue(err instanceof Error ? err.message : String(err));
  }
}

export function asDoc(value: unknown, what: string): Doc {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw badValue(`${what} must be an object`);
  return value;
}

/**
 * The leading `$match` stages of a pipeline (merged), then a `$sort`, `$skip`
 * and `$limit` right after them, as one read that can use an index; the rest
 * of the pipeline runs on what that read returns.
 */
export function leadingRead(pipeline: Doc[]): { read: FindOptions; rest: Doc[] } {
  const matches: Doc[] = [];
  let i = 0;
  const only = (stage: Doc | undefined, name: string) =>
    stage !== undefined && name in stage && Object.keys(stage).length === 1;
  while (only(pipeline[i], '$match')) matches.push(asDoc((pipeline[i++] as Doc).$match, '$match'));
  const read: FindOptions = {
    filter:
      matches.length === 0 ? {} : matches.length === 1 ? (matches[0] as Doc) : { $and: matches },
  };
  if (only(pipeline[i], '$sort') && isPlainObject((pipeline[i] as Doc).$sort)) {
    read.sort = (pipeline[i++] as Doc).$sort as Doc;
    let skip = 0;
    while (only(pipeline[i], '$skip') && typeof (pipeline[i] as Doc).$skip === 'number') {
      skip += (pipeline[i++] as Doc).$skip as number;
    }
    const limit = (pipeline[i] as Doc | undefined)?.$limit;
    if (only(pipeline[i], '$limit') && typeof limit === 'number' && limit > 0) {
      read.limit = limit;
      i++;
    }
    if (skip > 0) read.skip = skip;
  }
  return { read, rest: pipeline.slice(i) };
}
