import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** One message as the SMTP peer received it: raw bytes, SMTP envelope, and mailparser's reading. */
export type ReceivedMail = {
  raw: Buffer;
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
};

/**
 * A real SMTP server on a loopback ephemeral port, for tests and the bench. It can be
 * stopped and brought back on the same port (an outage), or told to refuse messages.
 */
export type SmtpPeer = {
  port: number;
  /** `smtp://127.0.0.1:<port>` (or smtps://), for createSmtpTransport / SMTP_URL. */
  url: string;
  received: ReceivedMail[];
  /** Resolves once at least `count` messages have arrived and been parsed. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Refuses every following message with this SMTP reply code (null to accept again). */
  rejectWith(responseCode: number | null): void;
  /** Stops listening and drops open connections, like a server going down. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
};

/**
 * `secure: true` speaks SMTP over TLS from the first byte (smtps://) with
 * smtp-server's built-in self-signed certificate, which clients must be told to accept.
 */
export async function startSmtpPeer(
  options: { port?: number; parse?: boolean; secure?: boolean } = {},
): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  const parsing: Promise<unknown>[] = [];
  const parse = options.parse ?? true;
  let rejectCode: number | null = null;

  const serverOptions: SMTPServerOptions = {
    authOptional: true,
    secure: options.secure ?? false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // Drop lingering (pooled) client connections quickly when the test stops the server.
    closeTimeout: 50,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (rejectCode !== null) {
          callback(
            Object.assign(new Error('Message refused by the test peer'), {
              responseCode: rejectCode,
            }),
          );
          return;
        }
        const raw = Buffer.concat(chunks);
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        parsing.push(
          (parse ? simpleParser(raw) : Promise.resolve({} as ParsedMail)).then((parsed) => {
            received.push({ raw, envelope, parsed });
          }),
        );
        callback();
      });
    },
  };

  let server = new SMTPServer(serverOptions);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        // A client failing its side (say, refusing the certificate) is that test's outcome, not a crash.
        server.on('error', () => undefined);
        resolve((server.server.address() as AddressInfo).port);
      });
    });
  const port = await listen(options.port ?? 0);

  return {
    port,
    url: `${options.secure ? 'smtps' : 'smtp'}://127.0.0.1:${port}`,
    received,
    async waitForMessages(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} messages, received ${received.length}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await Promise.all(parsing);
      return received;
    },
    rejectWith(code) {
      rejectCode = code;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async restart() {
      server = new SMTPServer(serverOptions);
      await listen(port);
    },
  };
}

/** Polls `check` until it returns a truthy value; for conditions reached by background work. */
export async function waitUntil<T>(
  check: () => Promise<T> | T,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
