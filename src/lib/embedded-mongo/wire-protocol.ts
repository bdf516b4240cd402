import { deserialize, serialize } from 'bson';
import type { Doc } from './bson-values';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const HEADER_SIZE = 16;
/** Same limit MongoDB announces in `hello.maxMessageSizeBytes`. */
export const MAX_MESSAGE_SIZE = 48_000_000;

const CHECKSUM_PRESENT = 1 << 0;
const MORE_TO_COME = 1 << 1;
const EXHAUST_ALLOWED = 1 << 16;
/** Bits 0–15 are "required": a receiver must reject flags it does not know. */
const KNOWN_REQUIRED_BITS = CHECKSUM_PRESENT | MORE_TO_COME;

/** Anything that makes a message unreadable; the connection is closed. */
export class ProtocolError extends Error {}

export type IncomingMessage =
  | { kind: 'msg'; requestId: number; body: Doc; moreToCome: boolean }
  | { kind: 'query'; requestId: number; collection: string; query: Doc };

const DESERIALIZE_OPTIONS = { validation: { utf8: false } } as const;

/** Parses one complete message (header included). */
export function parseMessage(buf: Buffer): IncomingMessage {
  if (buf.length < HEADER_SIZE) throw new ProtocolError('message shorter than its header');
  const length = buf.readInt32LE(0);
  if (length !== buf.length)
    throw new ProtocolError(`message length ${length} does not match ${buf.length}`);
  const requestId = buf.readInt32LE(4);
  const opCode = buf.readInt32LE(12);
  switch (opCode) {
    case OP_MSG:
      return parseOpMsg(buf, requestId);
    case OP_QUERY:
      return parseOpQuery(buf, requestId);
    default:
      throw new ProtocolError(`unsupported opCode ${opCode}`);
  }
}

function readDocument(buf: Buffer, offset: number, end: number): { doc: Doc; next: number } {
  if (offset + 5 > end) throw new ProtocolError('truncated BSON document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > end)
    throw new ProtocolError(`invalid BSON document size ${size}`);
  try {
    const doc = deserialize(buf.subarray(offset, offset + size), DESERIALIZE_OPTIONS) as Doc;
    return { doc, next: offset + size };
  } catch (err) {
    throw new ProtocolError(`invalid BSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function parseOpMsg(buf: Buffer, requestId: number): IncomingMessage {
  if (buf.length < HEADER_SIZE + 5) throw new ProtocolError('OP_MSG too short');
  const flags = buf.readUInt32LE(16);
  if ((flags & 0xffff & ~KNOWN_REQUIRED_BITS) !== 0)
    throw new ProtocolError(`unknown required OP_MSG flags ${flags}`);
  let end = buf.length;
  if (flags & CHECKSUM_PRESENT) {
    end -= 4;
    if (end < HEADER_SIZE + 5) throw new ProtocolError('OP_MSG too short for its checksum');
    const expected = buf.readUInt32LE(end);
    if (crc32c(buf.subarray(0, end)) !== expected)
      throw new ProtocolError('OP_MSG checksum mismatch');
  }
  let body: Doc | undefined;
  const sequences: Array<[string, Doc[]]> = [];
  let offset = 20;
  while (offset < end) {
    const kind = buf[offset];
    offset += 1;
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG with two body sections');
      const { doc, next } = readDocument(buf, offset, end);
      body = doc;
      offset = next;
    } else if (kind === 1) {
      if (offset + 4 > end) throw new ProtocolError('truncated document sequence');
      const size = buf.readInt32LE(offset);
      const seqEnd = offset + size;
      if (size < 5 || seqEnd > end)
        throw new ProtocolError(`invalid document sequence size ${size}`);
      const nul = buf.indexOf(0, offset + 4);
      if (nul < 0 || nul >= seqEnd)
        throw new ProtocolError('unterminated document sequence identifier');
      const identifier = buf.toString('utf8', offset + 4, nul);
      const docs: Doc[] = [];
      let pos = nul + 1;
      while (pos < seqEnd) {
        const { doc, next } = readDocument(buf, pos, seqEnd);
        docs.push(doc);
        pos = next;
      }
      sequences.push([identifier, docs]);
      offset = seqEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${String(kind)}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a body section');
  for (const [identifier, docs] of sequences) {
    const existing = body[identifier];
    body[identifier] = Array.isArray(existing) ? [...(existing as Doc[]), ...docs] : docs;
  }
  return { kind: 'msg', requestId, body, moreToCome: (flags & MORE_TO_COME) !== 0 };
}

function parseOpQuery(buf: Buffer, requestId: number): IncomingMessage {
  const nul = buf.indexOf(0, 20);
  if (nul < 0) throw new ProtocolError('unterminated collection name in OP_QUERY');
  const collection = buf.toString('utf8', 20, nul);
  const queryStart = nul + 1 + 8; // numberToSkip, numberToReturn
  const { doc } = readDocument(buf, queryStart, buf.length);
  return { kind: 'query', requestId, collection, query: doc };
}

const SERIALIZE_OPTIONS = { ignoreUndefined: true, checkKeys: false } as const;

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(HEADER_SIZE);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

export function encodeOpMsg(requestId: number, responseTo: number, body: Doc): Buffer {
  const payload = serialize(body, SERIALIZE_OPTIONS);
  const flagsAndKind = Buffer.alloc(5); // flags 0, section kind 0
  const length = HEADER_SIZE + flagsAndKind.length + payload.length;
  return Buffer.concat(
    [header(length, requestId, responseTo, OP_MSG), flagsAndKind, payload],
    length,
  );
}

export function encodeOpReply(
  requestId: number,
  responseTo: number,
  doc: Doc,
  responseFlags = 0,
): Buffer {
  const payload = serialize(doc, SERIALIZE_OPTIONS);
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(responseFlags, 0);
  // cursorID (int64) 0, startingFrom 0
  fields.writeInt32LE(1, 16); // numberReturned
  const length = HEADER_SIZE + fields.length + payload.length;
  return Buffer.concat([header(length, requestId, responseTo, OP_REPLY), fields, payload], length);
}

export { EXHAUST_ALLOWED };

/** CRC-32C (Castagnoli), the checksum OP_MSG uses. */
const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++)
    crc = (CRC32C_TABLE[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
