import net from 'node:net';
import type { Doc } from '../src/lib/embedded-mongo/bson-values';
import { MessageReader } from '../src/lib/embedded-mongo/message-reader';
import {
  encodeOpMsg,
  encodeOpReply,
  parseMessage,
  type IncomingMessage,
} from '../src/lib/embedded-mongo/wire-protocol';

/**
 * The baseline for insert rates: a loopback server that speaks just enough of
 * MongoDB's wire protocol for the driver (a standalone's handshake) and
 * answers every insert with its document count, after parsing the message as
 * any server must, but stores nothing. The same inserts sent to it and to the
 * engine in turns give the engine's rate as a ratio that survives a busy machine.
 */
export type BareServer = { uri: string; stop(): Promise<void> };

function reply(body: Doc, connectionId: number): Doc {
  const name = Object.keys(body)[0] ?? '';
  if (name === 'hello' || name === 'isMaster' || name === 'ismaster') {
    return {
      helloOk: true,
      ismaster: true,
      isWritablePrimary: true,
      maxBsonObjectSize: 16 * 1024 * 1024,
      maxMessageSizeBytes: 48_000_000,
      maxWriteBatchSize: 100_000,
      localTime: new Date(),
      connectionId,
      minWireVersion: 0,
      maxWireVersion: 21,
      ok: 1,
    };
  }
  if (name === 'insert')
    return { n: Array.isArray(body.documents) ? body.documents.length : 0, ok: 1 };
  return { ok: 1 };
}

export async function startBareWireServer(): Promise<BareServer> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ noDelay: true }, (socket) => {
    const connectionId = ++connections;
    const reader = new MessageReader();
    let requestId = 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      for (const raw of reader.push(chunk)) {
        const message: IncomingMessage = parseMessage(raw);
        if (message.kind === 'msg') {
          if (!message.moreToCome)
            socket.write(
              encodeOpMsg(requestId++, message.requestId, reply(message.body, connectionId)),
            );
        } else {
          socket.write(
            encodeOpReply(requestId++, message.requestId, reply(message.query, connectionId), 0),
          );
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    uri: `mongodb://127.0.0.1:${port}/?directConnection=true`,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
