import type { Doc } from './bson-values';
import { isPlainObject } from './bson-values';
import { CommandError } from './errors';
import type { Engine } from './engine';

/**
 * Views (`create` with `viewOn` and `pipeline`): a collection entry whose
 * options name the source and the pipeline; reads run that pipeline over the
 * source (views on views resolve to the base collection), writes are refused.
 */
export function isView(engine: Engine, db: string, name: string): boolean {
  return engine.getCollection(db, name)?.options.viewOn !== undefined;
}

/** The base collection of a view and the pipeline that produces the view from it. */
export function resolveView(
  engine: Engine,
  db: string,
  name: string,
): { source: string; pipeline: Doc[] } | undefined {
  let current = engine.getCollection(db, name);
  if (current?.options.viewOn === undefined) return undefined;
  const stages: Doc[][] = [];
  let source = name;
  for (let depth = 0; current && typeof current.options.viewOn === 'string'; depth++) {
    if (depth > 20) throw new CommandError(2, 'BadValue', `view depth too deep for ${db}.${name}`);
    const pipeline = Array.isArray(current.options.pipeline) ? current.options.pipeline : [];
    stages.unshift(pipeline.filter(isPlainObject));
    source = current.options.viewOn;
    current = engine.getCollection(db, source);
  }
  return { source, pipeline: stages.flat() };
}

export function refuseWriteToView(engine: Engine, db: string, name: string): void {
  if (isView(engine, db, name))
    throw new CommandError(
      166,
      'CommandNotSupportedOnView',
      `Namespace ${db}.${name} is a view, not a collection`,
    );
}

/** `find` options as the stages that follow a view's pipeline. */
export function findAsPipeline(options: {
  filter?: Doc;
  sort?: Doc;
  skip?: number;
  limit?: number;
  projection?: Doc;
}): Doc[] {
  const stages: Doc[] = [];
  if (options.filter && Object.keys(options.filter).length > 0)
    stages.push({ $match: options.filter });
  if (options.sort && Object.keys(options.sort).length > 0) stages.push({ $sort: options.sort });
  if (options.skip) stages.push({ $skip: options.skip });
  if (options.limit) stages.push({ $limit: Math.abs(options.limit) });
  if (options.projection && Object.keys(options.projection).length > 0)
    stages.push({ $project: options.projection });
  return stages;
}
