import type { Doc } from './bson-values';
import type { Collection } from './collection-store';

/**
 * Sizes as collStats, `$collStats` and dbStats report them. The engine keeps
 * each document as its BSON, so `size` is the bytes it holds for them;
 * `storageSize` is the same (there is no compression or free space); an
 * index's size is the bytes of its keys (the indexed values as BSON plus the
 * record reference each key carries).
 */
export function storageStats(coll: Collection): Doc {
  const size = coll.dataSize();
  const indexSizes: Doc = { _id_: coll.idIndexBytes() };
  for (const index of coll.indexes.values()) indexSizes[index.name] = index.approximateBytes();
  const totalIndexSize = Object.values(indexSizes).reduce((s: number, v) => s + Number(v), 0);
  return {
    size,
    count: coll.liveCount,
    avgObjSize: coll.liveCount ? Math.round(size / coll.liveCount) : 0,
    storageSize: size,
    freeStorageSize: 0,
    capped: false,
    nindexes: coll.indexes.size + 1,
    indexBuilds: [],
    totalIndexSize,
    totalSize: size + totalIndexSize,
    indexSizes,
    scaleFactor: 1,
  };
}

export function databaseStats(db: string, colls: Collection[]): Doc {
  let dataSize = 0;
  let indexSize = 0;
  let objects = 0;
  let indexes = 0;
  for (const coll of colls) {
    const s = storageStats(coll);
    dataSize += Number(s.size);
    indexSize += Number(s.totalIndexSize);
    objects += coll.liveCount;
    indexes += Number(s.nindexes);
  }
  return {
    db,
    collections: colls.filter((c) => c.options.viewOn === undefined).length,
    views: colls.filter((c) => c.options.viewOn !== undefined).length,
    objects,
    avgObjSize: objects ? dataSize / objects : 0,
    dataSize,
    storageSize: dataSize,
    indexes,
    indexSize,
    totalSize: dataSize + indexSize,
    scaleFactor: 1,
    ok: 1,
  };
}
