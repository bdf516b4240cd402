import { Query } from 'mingo';
import type { Doc } from './bson-values';
import { pathValues, valueKey } from './bson-values';

/** An index as `listIndexes` reports it; unknown options are kept and echoed back. */
export type IndexSpec = {
  v: number;
  key: Doc;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
  [option: string]: unknown;
};

/** The options that make two specs with the same key different indexes. */
const SIGNIFICANT_OPTIONS = [
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'collation',
] as const;

export function sameIndexOptions(a: IndexSpec, b: IndexSpec): boolean {
  return SIGNIFICANT_OPTIONS.every(
    (o) =>
      valueKey(a[o] ?? (o === 'unique' || o === 'sparse' ? false : null)) ===
      valueKey(b[o] ?? (o === 'unique' || o === 'sparse' ? false : null)),
  );
}

export function sameKey(a: Doc, b: Doc): boolean {
  return valueKey(a) === valueKey(b);
}

/** MongoDB's default index name: `{ a: 1, b: -1 }` → `a_1_b_-1`. */
export function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([field, dir]) => `${field}_${String(dir)}`)
    .join('_');
}

type IndexEntry = { key: string; values: unknown[] };

/**
 * A secondary index over the committed state of one collection. It keeps a
 * hash map from the leading field's value to document ids, which is what makes
 * equality lookups on indexed fields cheap, and (for compound unique indexes) a
 * map on the full key for uniqueness checks. Range scans are not supported;
 * queries without an equality on a leading field fall back to a collection scan.
 */
export class Index {
  readonly fields: string[];
  readonly unique: boolean;
  readonly sparse: boolean;
  /** Only plain ascending/descending/hashed keys can answer equality lookups. */
  readonly usableForEquality: boolean;
  private readonly partial: Query | undefined;
  private readonly leading = new Map<string, Set<string>>();
  private readonly full: Map<string, Set<string>> | undefined;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.unique = spec.unique === true;
    this.sparse = spec.sparse === true;
    this.partial = spec.partialFilterExpression
      ? new Query(spec.partialFilterExpression, {})
      : undefined;
    this.usableForEquality = Object.values(spec.key).every(
      (d) => d === 1 || d === -1 || d === 'hashed',
    );
    this.full = this.fields.length > 1 ? new Map() : undefined;
  }

  get name(): string {
    return this.spec.name;
  }

  get isPartialOrSparse(): boolean {
    return this.sparse || this.partial !== undefined;
  }

  /** The keys a document contributes (several for array fields), or none if it is not indexed. */
  entries(doc: Doc): IndexEntry[] {
    if (this.partial && !this.partial.test(doc)) return [];
    const perField = this.fields.map((f) => pathValues(doc, f));
    if (this.sparse && perField.every((vs) => vs.length === 1 && vs[0] === undefined)) return [];
    let tuples: unknown[][] = [[]];
    for (const values of perField) {
      const next: unknown[][] = [];
      for (const tuple of tuples) for (const v of values) next.push([...tuple, v]);
      tuples = next;
    }
    const seen = new Set<string>();
    const out: IndexEntry[] = [];
    for (const values of tuples) {
      const key = values.map(valueKey).join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ key, values });
    }
    return out;
  }

  add(idKey: string, doc: Doc): void {
    const entries = this.entries(doc);
    for (const e of entries) {
      addTo(this.leading, valueKey(e.values[0]), idKey);
      if (this.full) addTo(this.full, e.key, idKey);
    }
  }

  remove(idKey: string, doc: Doc): void {
    for (const e of this.entries(doc)) {
      removeFrom(this.leading, valueKey(e.values[0]), idKey);
      if (this.full) removeFrom(this.full, e.key, idKey);
    }
  }

  clear(): void {
    this.leading.clear();
    this.full?.clear();
  }

  /** Ids with one of the given values in the leading field. */
  lookupLeading(values: unknown[]): Set<string> {
    const out = new Set<string>();
    for (const v of values) {
      const ids = this.leading.get(valueKey(v));
      if (ids) for (const id of ids) out.add(id);
    }
    return out;
  }

  /**
   * The first other document holding one of `doc`'s keys, with the key values
   * for the error message. `ignore` hides ids (documents a transaction has
   * rewritten, or the one being replaced).
   */
  findConflict(
    doc: Doc,
    selfIdKey: string,
    ignore?: (idKey: string) => boolean,
  ): { idKey: string; keyValue: Doc } | undefined {
    if (!this.unique) return undefined;
    for (const e of this.entries(doc)) {
      const ids = (this.full ?? this.leading).get(this.full ? e.key : valueKey(e.values[0]));
      if (!ids) continue;
      for (const id of ids) {
        if (id === selfIdKey || ignore?.(id)) continue;
        return { idKey: id, keyValue: this.keyValue(e.values) };
      }
    }
    return undefined;
  }

  /** Whether two documents collide on this (unique) index; used for uncommitted transaction writes. */
  collides(a: Doc, b: Doc): Doc | undefined {
    if (!this.unique) return undefined;
    const keysB = new Set(this.entries(b).map((e) => e.key));
    for (const e of this.entries(a)) if (keysB.has(e.key)) return this.keyValue(e.values);
    return undefined;
  }

  keyValue(values: unknown[]): Doc {
    const out: Doc = {};
    this.fields.forEach((f, i) => {
      const v = values[i];
      out[f] = v === undefined ? null : v;
    });
    return out;
  }
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let ids = map.get(key);
  if (!ids) map.set(key, (ids = new Set()));
  ids.add(id);
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const ids = map.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) map.delete(key);
}
