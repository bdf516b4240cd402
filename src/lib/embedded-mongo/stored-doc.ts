import { deserialize, serialize } from 'bson';
import type { Doc } from './bson-values';
import { valueKey } from './bson-values';
import { DateKey, ObjectIdKey } from './key-order';

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
    if (type === 0x07) return bytes.toString('hex', at, at + 12); // as valueKey spells an ObjectId
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

/** Names of top-level fields to read, as the UTF-8 bytes a BSON element name holds. */
export type FieldNames = { names: string[]; bytes: Buffer[] };

export function fieldNames(names: string[]): FieldNames {
  return { names, bytes: names.map((n) => Buffer.from(n, 'utf8')) };
}

/**
 * Some top-level fields of a stored document, without decoding the rest:
 * enough to compute index keys at start-up (decoding whole documents there
 * is most of the time and garbage). Dates and ObjectIds come out in their
 * index-key forms. Undefined when a wanted field holds anything but a string,
 * number, boolean, null, date or ObjectId: the caller decodes the document then.
 */
export function readTopLevelFields(bytes: Buffer, wanted: FieldNames): Doc | undefined {
  const out: Doc = {};
  let found = 0;
  let at = 4;
  const end = bytes.length - 1;
  while (at < end && found < wanted.bytes.length) {
    const type = bytes[at] as number;
    const nameStart = at + 1;
    const nameEnd = bytes.indexOf(0, nameStart);
    if (nameEnd < 0) return undefined;
    const valueAt = nameEnd + 1;
    let which = -1;
    const nameLength = nameEnd - nameStart;
    for (let i = 0; i < wanted.bytes.length && which < 0; i++) {
      const name = wanted.bytes[i] as Buffer;
      if (name.length !== nameLength) continue;
      // Byte by byte: field names are short, and a native compare call costs more than the loop.
      let same = true;
      for (let j = 0; j < nameLength && same; j++) same = name[j] === bytes[nameStart + j];
      if (same) which = i;
    }
    let size: number;
    switch (type) {
      case 0x01: // double
      case 0x09: // date
      case 0x11: // timestamp
      case 0x12: // int64
        size = 8;
        break;
      case 0x02: // string
      case 0x0d: // code
      case 0x0e: // symbol
        size = 4 + bytes.readInt32LE(valueAt);
        break;
      case 0x03: // document
      case 0x04: // array
      case 0x0f: // code with scope
        size = bytes.readInt32LE(valueAt);
        break;
      case 0x05: // binary
        size = 5 + bytes.readInt32LE(valueAt);
        break;
      case 0x07: // ObjectId
        size = 12;
        break;
      case 0x08: // boolean
        size = 1;
        break;
      case 0x0a: // null
      case 0xff: // MinKey
      case 0x7f: // MaxKey
        size = 0;
        break;
      case 0x10: // int32
        size = 4;
        break;
      case 0x13: // decimal128
        size = 16;
        break;
      default:
        return undefined; // regex, DBPointer, undefined...: leave it to the full decoder
    }
    if (which >= 0) {
      const name = wanted.names[which] as string;
      switch (type) {
        case 0x01:
          out[name] = bytes.readDoubleLE(valueAt);
          break;
        case 0x02:
          out[name] = bytes.toString('utf8', valueAt + 4, valueAt + size - 1);
          break;
        case 0x07:
          out[name] = new ObjectIdKey(bytes.toString('latin1', valueAt, valueAt + 12));
          break;
        case 0x08:
          out[name] = bytes[valueAt] === 1;
          break;
        case 0x09:
          out[name] = new DateKey(Number(bytes.readBigInt64LE(valueAt)));
          break;
        case 0x0a:
          out[name] = null;
          break;
        case 0x10:
          out[name] = bytes.readInt32LE(valueAt);
          break;
        case 0x12:
          out[name] = Number(bytes.readBigInt64LE(valueAt));
          break;
        default:
          return undefined;
      }
      found++;
    }
    at = valueAt + size;
  }
  return out;
}
