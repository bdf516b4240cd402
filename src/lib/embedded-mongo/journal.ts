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
  const payload = serialize(doc, { ignoreUndefined: true, checkKeys: false });
  const frame = Buffer.allocUnsafe(FRAME_HEADER + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  frame.set(payload, FRAME_HEADER);
  return frame;
}

export type ReadResult = {
  records: Doc[];
  /** Byte length of the intact prefix. */
  validLength: number;
  /** Why reading stopped before the end of the file, if it did. */
  problem?: string;
};

/** Reads records until the end of the file or the first damaged one. */
export function readRecords(buf: Buffer): ReadResult {
  const records: Doc[] = [];
  let offset = 0;
  while (offset < buf.length) {
    if (buf.length - offset < FRAME_HEADER)
      return { records, validLength: offset, problem: 'truncated record header' };
    const length = buf.readUInt32LE(offset);
    const checksum = buf.readUInt32LE(offset + 4);
    if (length < 5 || length > MAX_RECORD)
      return { records, validLength: offset, problem: `implausible record length ${length}` };
    const end = offset + FRAME_HEADER + length;
    if (end > buf.length) return { records, validLength: offset, problem: 'truncated record' };
    const payload = buf.subarray(offset + FRAME_HEADER, end);
    if (crc32(payload) !== checksum)
      return { records, validLength: offset, problem: 'checksum mismatch' };
    try {
      records.push(deserialize(payload) as Doc);
    } catch (err) {
      return { records, validLength: offset, problem: `unreadable BSON (${String(err)})` };
    }
    offset = end;
  }
  return { records, validLength: offset };
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
