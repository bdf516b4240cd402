import { HEADER_SIZE, MAX_MESSAGE_SIZE, ProtocolError } from './wire-protocol';

/**
 * Cuts a connection's byte stream into length-prefixed messages. Chunks are
 * kept as they arrive and joined once per complete message, so a 40 MB insert
 * arriving in 64 KiB pieces is copied once, not once per piece. A length
 * outside [header size, MAX_MESSAGE_SIZE] is a ProtocolError at once: waiting
 * for a negative or gigabyte-sized message would hold the client forever.
 */
export class MessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Adds bytes; returns the messages they complete (possibly none). */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const messages: Buffer[] = [];
    while (this.buffered >= 4) {
      const length = this.peekLength();
      if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE)
        throw new ProtocolError(`message length ${length} is out of range`);
      if (this.buffered < length) break;
      const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : this.join();
      messages.push(all.subarray(0, length));
      const rest = all.subarray(length);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
    return messages;
  }

  /** Bytes of an unfinished message still waiting for the rest. */
  get pendingBytes(): number {
    return this.buffered;
  }

  private peekLength(): number {
    const first = this.chunks[0] as Buffer;
    if (first.length >= 4) return first.readInt32LE(0);
    return this.join().readInt32LE(0);
  }

  private join(): Buffer {
    const all = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [all];
    return all;
  }
}
