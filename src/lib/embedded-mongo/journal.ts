import fs from 'node:fs';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import { deserialize, serialize } from 'bson';
import type { Doc } from './bson-values';

/**
 * Record framing shared by the journal and snapshot files:
 * `[uint32 length][uint32 crc32][BSON document of that length]`, little endian.
 * The CRC lets recovery tell a complete record from a torn or corrupt tail.
 */
const FRAME_HEADER = 8;
const MAX_RECORD = 64 * 1024 * 1024;

const writeAsync = promisify(
  (
    fd: number,
    data: Buffer,
    offset: number,
    length: number,
    done: (err: Error | null, n: number) => void,
  ) => fs.write(fd, data, offset, length, null, done),
);
const fdatasyncAsync = promisify(fs.fdatasync);

export function encodeRecord(doc: Doc): Buffer {
  return frameBytes(serialize(doc, { ignoreUndefined: true, checkKeys: false }));
}

/** Frames BSON bytes that are already encoded (a stored document). */
export function frameBytes(payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  frame.set(payload, FRAME_HEADER);
  return frame;
}

/** A stretch of a file whose records could not be read. */
export type Damage = { offset: number; length: number; problem: string };

export type ReadResult = {
  records: Doc[];
  /** Byte length of the intact prefix (up to the first damage, or the torn tail). */
  validLength: number;
  /** Why reading the intact prefix stopped before the end of the file, if it did. */
  problem?: string;
  /**
   * Damage followed by intact records: not a torn last write but lost or
   * corrupted acknowledged data. `afterDamage[i]` are the intact records
   * found after `damage[i]`.
   */
  damage: Damage[];
  afterDamage: Doc[][];
  /** Unreadable bytes at the very end with nothing intact after them (a torn last write). */
  tornTail?: Damage;
};

type Frame = { doc: Doc; end: number } | { problem: string };

/** The record starting at `offset`, or why there is none; `keepRaw` payloads stay undecoded. */
function readFrame(buf: Buffer, offset: number, keepRaw?: (payload: Buffer) => boolean): Frame {
  if (buf.length - offset < FRAME_HEADER) return { problem: 'truncated record header' };
  const length = buf.readUInt32LE(offset);
  const checksum = buf.readUInt32LE(offset + 4);
  if (length < 5 || length > MAX_RECORD) return { problem: `implausible record length ${length}` };
  const end = offset + FRAME_HEADER + length;
  if (end > buf.length) return { problem: 'truncated record' };
  const payload = buf.subarray(offset + FRAME_HEADER, end);
  if (crc32(payload) !== checksum) return { problem: 'checksum mismatch' };
  if (keepRaw?.(payload)) return { doc: { raw: payload }, end };
  try {
    return { doc: deserialize(payload) as Doc, end };
  } catch (err) {
    return { problem: `unreadable BSON (${String(err)})` };
  }
}

/**
 * The next offset after `from` where an intact record starts: its length
 * field matches the BSON document's own length prefix and its CRC matches.
 */
function resync(buf: Buffer, from: number): number | undefined {
  for (let p = from; p + FRAME_HEADER + 5 <= buf.length; p++) {
    const length = buf.readUInt32LE(p);
    if (length < 5 || length > MAX_RECORD || p + FRAME_HEADER + length > buf.length) continue;
    if (buf.readUInt32LE(p + FRAME_HEADER) !== length) continue;
    if ('doc' in readFrame(buf, p)) return p;
  }
  return undefined;
}

/**
 * Reads every record. At a damaged record it looks for the next intact one:
 * if there is none, the damage is a torn tail (the last write never
 * completed, so it was never acknowledged); otherwise it is damage in the
 * middle, and the records after it are returned separately so that the
 * caller decides whether to accept the loss.
 */
export function readRecords(buf: Buffer, keepRaw?: (payload: Buffer) => boolean): ReadResult {
  const result: ReadResult = { records: [], validLength: 0, damage: [], afterDamage: [] };
  let into = result.records;
  let offset = 0;
  while (offset < buf.length) {
    const frame = readFrame(buf, offset, keepRaw);
    if ('doc' in frame) {
      into.push(frame.doc);
      offset = frame.end;
      if (result.damage.length === 0) result.validLength = offset;
      continue;
    }
    if (result.damage.length === 0) result.problem = frame.problem;
    const next = resync(buf, offset + 1);
    if (next === undefined) {
      result.tornTail = { offset, length: buf.length - offset, problem: frame.problem };
      break;
    }
    result.damage.push({ offset, length: next - offset, problem: frame.problem });
    result.afterDamage.push((into = []));
    offset = next;
  }
  return result;
}

/** An append-only file; `append` resolves once the bytes are on disk (fdatasync). */
export class AppendFile {
  private fd: number;
  size: number;

  constructor(readonly path: string) {
    this.fd = fs.openSync(path, 'a+');
    this.size = fs.fstatSync(this.fd).size;
  }

  /** Writes and syncs on libuv's thread pool, so the event loop goes on serving reads meanwhile. */
  async append(data: Buffer): Promise<void> {
    let written = 0;
    while (written < data.length)
      written += await writeAsync(this.fd, data, written, data.length - written);
    this.size += data.length;
    await fdatasyncAsync(this.fd);
  }

  truncate(length: number): void {
    fs.ftruncateSync(this.fd, length);
    fs.fsyncSync(this.fd);
    this.size = length;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
