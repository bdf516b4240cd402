import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

type Tracked = { requests: number; active: number };

/**
 * A graceful stop for an HTTP server: stop accepting, then answer every request that
 * reached an accepted connection, then close.
 *
 * `server.close()` alone is not enough: since Node 19 it also closes "idle"
 * connections, and a connection that was accepted but whose request has not been
 * read yet counts as idle, so the client gets a reset instead of an answer. Here:
 * 1. connections already waiting in the kernel's accept queue are taken in first
 *    (until none has come for a moment), then the listener closes (net.Server#close
 *    only, no closing of "idle" connections);
 * 2. keep-alive connections that have answered everything are closed at once;
 * 3. a connection that has not sent its request yet gets `graceMs` to do so;
 * 4. every answer from now on says `Connection: close`, so each connection ends
 *    right after its last answer.
 * Call `track` right after creating the server, `stop` on SIGTERM.
 */
export function createGracefulStop(
  server: Server,
  options: { graceMs?: number; quietMs?: number; drainMs?: number } = {},
) {
  const graceMs = options.graceMs ?? 5_000;
  const quietMs = options.quietMs ?? 250;
  const drainMs = options.drainMs ?? 2_000;
  const sockets = new Map<Socket, Tracked>();
  let stopping = false;

  let accepted = 0;
  server.on('connection', (socket: Socket) => {
    accepted += 1;
    sockets.set(socket, { requests: 0, active: 0 });
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const tracked = sockets.get(req.socket);
    if (!tracked) return;
    tracked.requests += 1;
    tracked.active += 1;
    if (stopping) res.shouldKeepAlive = false;
    res.once('close', () => {
      tracked.active -= 1;
      if (stopping && tracked.active === 0) req.socket.end();
    });
  });

  /** Resolves once the listener is closed and every connection has ended. */
  async function stop(): Promise<void> {
    stopping = true;
    // Clients whose connection the kernel has completed but the server has not taken
    // in yet already think they are connected; closing the listener would reset them.
    // So the listener stays open until no new connection has come for `quietMs`
    // (at most `drainMs`); everything accepted meanwhile is answered and closed too.
    const drainUntil = Date.now() + drainMs;
    let last = accepted;
    while (Date.now() < drainUntil) {
      await new Promise((r) => setTimeout(r, quietMs));
      if (accepted === last) break;
      last = accepted;
    }
    const closed = new Promise<void>((resolve) =>
      NetServer.prototype.close.call(server, () => resolve()),
    );
    for (const [socket, tracked] of sockets) {
      if (tracked.active > 0) continue; // answered, then ended by the close handler above
      if (tracked.requests > 0) socket.end(); // an idle keep-alive connection
    }
    // Connections that never sent a request get a moment; silent ones are dropped then.
    const silent = setTimeout(() => {
      for (const [socket, tracked] of sockets) if (tracked.requests === 0) socket.destroy();
    }, graceMs);
    silent.unref();
    await closed;
    clearTimeout(silent);
  }

  return { stop };
}
