import type { EngineLogger } from './logger';
import { pathValues, valueKey } from './bson-values';
import type { Engine } from './engine';

/**
 * Deletes documents whose TTL index field (a date, or the earliest date of an
 * array) is older than `expireAfterSeconds`. MongoDB does this once a minute;
 * the engine's sweep runs every second or so, which tests appreciate.
 */
export function expireTtlDocuments(engine: Engine, logger: EngineLogger, now = Date.now()): number {
  let removed = 0;
  for (const coll of engine.allCollections()) {
    for (const index of coll.indexes.values()) {
      const seconds = index.spec.expireAfterSeconds;
      if (typeof seconds !== 'number' || index.fields.length !== 1) continue;
      const field = index.fields[0] as string;
      for (const doc of coll.liveDocs()) {
        const dates = pathValues(doc, field).filter((v): v is Date => v instanceof Date);
        if (dates.length === 0) continue;
        const earliest = Math.min(...dates.map((d) => d.getTime()));
        if (earliest + seconds * 1000 > now) continue;
        if (index.entries(doc).length === 0) continue; // outside a partial TTL index
        engine.writeDoc(coll, valueKey(doc._id), null);
        removed++;
      }
    }
  }
  if (removed > 0) logger.debug({ removed }, 'embedded-mongo: TTL expired documents');
  return removed;
}
