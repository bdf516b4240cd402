import { deserialize, serialize } from 'bson';
import type { Doc } from './bson-values';
import { valueKey } from './bson-values';

/**
 * Documents are kept as BSON bytes and decoded when read: a small document
 * takes about a third of the memory its decoded object graph would (field
 * names, strings, dates and ObjectIds all become separate heap objects), and
 * every reader gets its own copy, so nothing can change a stored version.
 */
const ENCODE_OPTIONS = { ignoreUndefined: true, checkKeys: false } as const;
const DECODE_OPTIONS = { validation: { utf8: false } } as const;

export function encodeDoc(doc: Doc): Buffer {
  const bytes = serialize(doc, ENCODE_OPTIONS);
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

export function decodeDoc(bytes: Uint8Array): Doc {
  return deserialize(bytes, DECODE_OPTIONS) as Doc;
}

/** Whether a BSON document's first field is `_id` (stored documents always start with it). */
export function startsWithId(bytes: Uint8Array): boolean {
  return (
    bytes.length > 9 &&
    bytes[5] === 0x5f &&
    bytes[6] === 0x69 &&
    bytes[7] === 0x64 &&
    bytes[8] === 0
  );
}

/**
 * The value key of a stored document's `_id` without decoding the document,
 * for the common `_id` types (ObjectId, string, 32-bit integer, double);
 * anything else is decoded.
 */
export function idKeyOf(bytes: Buffer): string {
  if (startsWithId(bytes)) {
    const type = bytes[4];
    const at = 9;
    if (type === 0x07) return `o:${bytes.toString('hex', at, at + 12)}`;
    if (type === 0x02) {
      const length = bytes.readInt32LE(at);
      return `s:${bytes.toString('utf8', at + 4, at + 4 + length - 1)}`;
    }
    if (type === 0x10) return `n:${bytes.readInt32LE(at)}`;
    if (type === 0x01) {
      const n = bytes.readDoubleLE(at);
      if (!Number.isNaN(n)) return `n:${Object.is(n, -0) ? 0 : n}`;
    }
  }
  return valueKey(decodeDoc(bytes)._id);
}
