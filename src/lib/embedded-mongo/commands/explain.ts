import type { Doc } from '../bson-values';
import { isPlainObject } from '../bson-values';
import { badValue, CommandError } from '../errors';
import { asDoc, findDocs } from '../query';
import type { CommandHandler } from './context';

/** Where each explainable command keeps its filter; writes are planned, never run. */
const FILTER_OF: Record<string, (cmd: Doc) => unknown> = {
  find: (cmd) => cmd.filter,
  count: (cmd) => cmd.query,
  distinct: (cmd) => cmd.query,
  findAndModify: (cmd) => cmd.query,
  update: (cmd) => (Array.isArray(cmd.updates) ? (cmd.updates[0] as Doc | undefined)?.q : {}),
  delete: (cmd) => (Array.isArray(cmd.deletes) ? (cmd.deletes[0] as Doc | undefined)?.q : {}),
  aggregate: (cmd) => {
    const first: unknown = Array.isArray(cmd.pipeline) ? cmd.pipeline[0] : undefined;
    return isPlainObject(first) && isPlainObject(first.$match) ? first.$match : {};
  },
};

/**
 * `explain` in MongoDB's shape, reduced to what the engine decides: the index
 * that answers the filter's equality (IXSCAN) or a collection scan, and with
 * `executionStats` how many documents were read. That is enough to see, from
 * any client, whether a lookup used an index.
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
  const filter = asDoc(filterOf(inner), 'filter');
  const coll = ctx.engine.getCollection(ctx.db, collName);
  const plan = coll?.plan(filter);
  const scan = plan
    ? {
        stage: 'FETCH',
        inputStage: { stage: 'IXSCAN', indexName: plan.indexName, keyPattern: plan.keyPattern },
      }
    : { stage: 'COLLSCAN', direction: 'forward' };
  const reply: Doc = {
    explainVersion: '1',
    queryPlanner: {
      namespace: `${ctx.db}.${collName}`,
      parsedQuery: filter,
      winningPlan: scan,
      rejectedPlans: [],
    },
  };
  const verbosity = typeof ctx.cmd.verbosity === 'string' ? ctx.cmd.verbosity : 'allPlansExecution';
  if (verbosity !== 'queryPlanner') {
    const started = Date.now();
    const stats = { docsExamined: 0 };
    const limit = name === 'find' && typeof inner.limit === 'number' ? inner.limit : undefined;
    const returned = findDocs(ctx.view, ctx.db, collName, { filter, limit, stats }).length;
    reply.executionStats = {
      executionSuccess: true,
      nReturned: returned,
      executionTimeMillis: Date.now() - started,
      totalKeysExamined: plan ? stats.docsExamined : 0,
      totalDocsExamined: stats.docsExamined,
    };
  }
  return { ...reply, ok: 1 };
};
