import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from './logger';

/**
 * The nodemailer adapter: the only module that talks to nodemailer. Two transports
 * behind one shape — SMTP (pooled) when a URL is configured, otherwise a local file
 * drop of `.eml` files so that development never needs a mail server.
 */
export type MailConfig = { smtpUrl?: string; from: string; dir: string };

export type MailAttachment = { filename: string; contentType: string; content: Buffer };

/** A fully rendered message, ready for the wire. */
export type OutgoingMail = {
  /** Unique and stable across retries: it becomes the Message-ID. */
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: MailAttachment[];
  /**
   * One-click unsubscribe (RFC 8058): becomes `List-Unsubscribe: <url>` and
   * `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
   */
  listUnsubscribe?: string;
};

export type DeliveryResult = { messageId: string; response?: string };

export type MailTransport = {
  kind: 'smtp' | 'file';
  /**
   * Hands one message to the transport. `signal` aborts an SMTP send that runs too
   * long; an aborted send may still have reached the server, like any lost reply.
   */
  send(mail: OutgoingMail, options?: { signal?: AbortSignal }): Promise<DeliveryResult>;
  close(): void;
};

/**
 * Defaults far below nodemailer's (2 min connect, 10 min idle): a dead server should
 * fail an attempt quickly so the outbox schedules the next one. Options given in the
 * URL query (`?pool=false&tls.rejectUnauthorized=false&socketTimeout=60000`) win.
 */
const SMTP_DEFAULTS = {
  pool: true,
  maxConnections: 2,
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
  socketCloseTimeout: 1_000,
};

/** SMTP when `config.smtpUrl` is set, else the `.eml` file drop in `config.dir`. */
export function createMailTransport(config: MailConfig, logger: Logger): MailTransport {
  return config.smtpUrl
    ? createSmtpTransport(config.smtpUrl, config.from, logger)
    : createFileTransport(config.dir, config.from);
}

/** Sends through an SMTP server given as `smtp://` or `smtps://user:pass@host:port?options`. */
export function createSmtpTransport(url: string, from: string, logger: Logger): MailTransport {
  const transporter = nodemailer.createTransport({ ...SMTP_DEFAULTS, url });
  return {
    kind: 'smtp',
    async send(mail, options = {}) {
      const message = toNodemailer(mail, from);
      const info = await transporter.sendMail(
        options.signal ? { ...message, signal: options.signal } : message,
      );
      return { messageId: info.messageId, response: info.response };
    },
    close() {
      transporter.close();
      logger.debug('smtp transport closed');
    },
  };
}

/**
 * Writes each message as `<time>-<id>.eml` under `dir`. The file appears complete or
 * not at all (written beside, then renamed), so a reader never sees half a message.
 */
export function createFileTransport(dir: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'crlf',
  });
  return {
    kind: 'file',
    async send(mail) {
      const info = await transporter.sendMail(toNodemailer(mail, from));
      await mkdir(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const name = `${stamp}-${mail.id.replace(/[^A-Za-z0-9_-]/g, '')}.eml`;
      const partial = path.join(dir, `.${name}.${randomBytes(4).toString('hex')}.part`);
      await writeFile(partial, info.message);
      await rename(partial, path.join(dir, name));
      return { messageId: info.messageId, response: `written ${name}` };
    },
    close() {
      transporter.close();
    },
  };
}

/**
 * True when the server refused the message for good (5xx except 503): retrying
 * would only be refused again. Connection failures and 4xx replies are transient.
 */
export function isPermanentMailError(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && (err as { permanent?: unknown }).permanent === true
  );
}

function toNodemailer(mail: OutgoingMail, from: string) {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    messageId: `<${mail.id}@${domainOf(from)}>`,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
    ...(mail.listUnsubscribe
      ? {
          list: { unsubscribe: mail.listUnsubscribe },
          headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        }
      : {}),
  };
}

function domainOf(address: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address);
  return match?.[1] ?? 'forumkit.localhost';
}
