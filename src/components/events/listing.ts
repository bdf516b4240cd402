import type { Model, SortOrder } from 'mongoose';
import type { Page } from '../../lib/http/validate';
import { escapeRegExp } from './values';

/**
 * Paged listing shared by the services. `filter` is built by each service from
 * parsed, whitelisted values only; user text reaches MongoDB solely as an escaped,
 * case-insensitive regex via `textMatch`.
 */
export async function listPage<D, V>(
  model: Model<D>,
  options: {
    filter: Record<string, unknown>;
    sort: string;
    page: number;
    limit: number;
    toView: (doc: D) => V;
  },
): Promise<Page<V>> {
  const { filter, page, limit } = options;
  const [docs, total] = await Promise.all([
    model
      .find(filter)
      .sort(sortSpec(options.sort))
      .skip((page - 1) * limit)
      .limit(limit)
      .lean<D[]>(),
    model.countDocuments(filter),
  ]);
  return { items: docs.map(options.toView), page, limit, total };
}

/** '-startDate' → { startDate: -1, _id: -1 }; `_id` breaks ties so pages never overlap. */
export function sortSpec(sort: string): Record<string, SortOrder> {
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  const order: SortOrder = descending ? -1 : 1;
  return { [field]: order, _id: order };
}

export function textMatch(text: string): { $regex: string; $options: string } {
  return { $regex: escapeRegExp(text), $options: 'i' };
}

/** Copies only the keys whose value is defined: a PATCH leaves absent fields alone. */
export function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
