import type { Doc } from '../bson-values';
import { isPlainObject } from '../bson-values';
import { badValue, CommandError } from '../errors';
import type { ScanStats } from '../data-view';
import { asDoc, findDocs, leadingRead, type FindOptions } from '../query';
import type { CommandHandler } from './context';

/** Where each explainable command keeps its filter; writes are planned, never run. */
const FILTER_OF: Record<string, (cmd: Doc) => unknown> = {
  find: (cmd) => cmd.filter,
  count: (cmd) => cmd.query,
  distinct: (cmd) => cmd.query,
  findAndModify: (cmd) => cmd.query,
  update: (cmd) => (Array.isArray(cmd.updates) ? (cmd.updates[0] as Doc | undefined)?.q : {}),
  delete: (cmd) => (Array.isArray(cmd.deletes) ? (cmd.deletes[0] as Doc | undefined)?.q : {}),
  aggregate: () => ({}),
};

function optionalDoc(value: unknown): Doc | undefined {
  return isPlainObject(value) ? value : undefined;
}

/** The read a command would do: its filter and, for find and aggregate, sort, skip and limit. */
function readOf(name: string, inner: Doc, filter: Doc): FindOptions {
  if (name === 'find') {
    return {
      filter,
      sort: optionalDoc(inner.sort),
      skip: typeof inner.skip === 'number' ? inner.skip : undefined,
      limit: typeof inner.limit === 'number' ? inner.limit : undefined,
    };
  }
  if (name === 'aggregate' && Array.isArray(inner.pipeline))
    return leadingRead(inner.pipeline.filter(isPlainObject)).read;
  if (name === 'findAndModify') return { filter, sort: optionalDoc(inner.sort), limit: 1 };
  return { filter };
}

/**
 * `explain` in MongoDB's shape, reduced to what the engine decides: the index
 * that answers the read (IXSCAN, with its direction) or a collection scan, and
 * with `executionStats` how many keys and documents were read. The read runs
 * (writes are only planned), so the figures are the real ones.
 */
export const explain: CommandHandler = (ctx) => {
  if (!isPlainObject(ctx.cmd.explain)) throw badValue('explain must be a command document');
  const inner = ctx.cmd.explain;
  const name = Object.keys(inner)[0] ?? '';
  const filterOf = FILTER_OF[name];
  if (!filterOf)
    throw new CommandError(2, 'BadValue', `Explain failed: ${name} is not explainable`);
  const collName = inner[name];
  if (typeof collName !== 'string') throw badValue(`${name} must name a collection`);
  const read = readOf(name, inner, asDoc(filterOf(inner), 'filter'));
  const stats: ScanStats = { docsExamined: 0, keysExamined: 0 };
  const started = Date.now();
  const returned = findDocs(ctx.view, ctx.db, collName, { ...read, stats }).length;
  const plan = stats.plan;
  const scan = plan
    ? {
        stage: 'FETCH',
        inputStage: {
          stage: 'IXSCAN',
          indexName: plan.indexName,
          keyPattern: plan.keyPattern,
          direction: plan.reverse ? 'backward' : 'forward',
        },
      }
    : { stage: 'COLLSCAN', direction: 'forward' };
  const reply: Doc = {
    explainVersion: '1',
    queryPlanner: {
      namespace: `${ctx.db}.${collName}`,
      parsedQuery: read.filter,
      winningPlan: scan,
      rejectedPlans: [],
    },
  };
  const verbosity = typeof ctx.cmd.verbosity === 'string' ? ctx.cmd.verbosity : 'allPlansExecution';
  if (verbosity !== 'queryPlanner') {
    reply.executionStats = {
      executionSuccess: true,
      nReturned: returned,
      executionTimeMillis: Date.now() - started,
      totalKeysExamined: stats.keysExamined,
      totalDocsExamined: stats.docsExamined,
    };
  }
  return { ...reply, ok: 1 };
};
