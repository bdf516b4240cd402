import { Types } from 'mongoose';
import { notFound } from '../../lib/errors';

/** A path or body id that cannot name a document is answered like a missing one. */
export function toObjectId(id: string, what: string): Types.ObjectId {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw notFound(what);
  return new Types.ObjectId(id);
}
