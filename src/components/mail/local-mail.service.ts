import { open, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { notFound } from '../../lib/errors';

/**
 * Reads the `.eml` files the local file transport writes, for the admin mail pages.
 * Only plain names matching what the transport writes are accepted, and the resolved
 * path must stay inside the mail directory: no `..`, no absolute paths, no symlinks out.
 */
export type LocalMailSummary = {
  name: string;
  size: number;
  modifiedAt: Date;
  subject: string;
  to: string;
};

export type LocalMail = LocalMailSummary & {
  from: string;
  date: string;
  /** When the message says it was written, if it says so readably. */
  sentAt?: Date;
  /** The decoded text part (quoted-printable and base64 undone, in its own charset). */
  text?: string;
  /** The decoded HTML part, as the sender wrote it: shown only inside a sandbox. */
  html?: string;
  attachments: { filename: string; contentType: string; size: number }[];
  source: string;
};

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.eml$/;
const HEADER_BYTES = 16 * 1024;
const MAX_LISTED = 200;

/** The newest `.eml` files first (at most 200); an absent directory is simply empty. */
export async function listLocalMail(dir: string): Promise<LocalMailSummary[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => SAFE_NAME.test(name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const files = await Promise.all(
    names.map(async (name) => ({ name, stats: await stat(path.join(dir, name)) })),
  );
  files.sort((a, b) => b.stats.mtimeMs - a.stats.mtimeMs || b.name.localeCompare(a.name));
  return Promise.all(
    files.slice(0, MAX_LISTED).map(async ({ name, stats }) => {
      const headers = parseHeaders(await readHead(path.join(dir, name)));
      return {
        name,
        size: stats.size,
        modifiedAt: stats.mtime,
        subject: headers.subject,
        to: headers.to,
      };
    }),
  );
}

/** One `.eml` file with its main headers decoded; 404 for anything but a file the transport wrote. */
export async function readLocalMail(dir: string, name: string): Promise<LocalMail> {
  const file = await resolveInside(dir, name);
  const [raw, stats] = await Promise.all([readFile(file), stat(file)]);
  // mailparser undoes the transfer encodings (quoted-printable soft breaks would
  // otherwise cut links in two) and the charsets, headers and parts alike.
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  return {
    name,
    size: stats.size,
    modifiedAt: stats.mtime,
    subject: parsed.subject ?? '',
    from: addresses(parsed.from),
    to: addresses(parsed.to),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : '',
    sentAt: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : undefined,
    text: parsed.text,
    html: typeof parsed.html === 'string' ? parsed.html : undefined,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? '(no name)',
      contentType: a.contentType,
      size: a.size,
    })),
    source: raw.toString('utf8'),
  };
}

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return '';
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}

async function resolveInside(dir: string, name: string): Promise<string> {
  if (!SAFE_NAME.test(name) || path.basename(name) !== name)
    throw notFound('Mail file', 'mail_file_not_found');
  try {
    const root = await realpath(dir);
    const file = await realpath(path.join(root, name));
    if (path.dirname(file) !== root) throw new Error('outside the mail directory');
    return file;
  } catch {
    throw notFound('Mail file', 'mail_file_not_found');
  }
}

async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Reads the top-level headers the pages show; enough of RFC 5322 for files nodemailer wrote. */
function parseHeaders(source: string): { subject: string; to: string; from: string; date: string } {
  const end = source.search(/\r?\n\r?\n/);
  const block = (end === -1 ? source : source.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const value = (name: string) => {
    const line = block.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name}:`));
    return line ? decodeEncodedWords(line.slice(name.length + 1).trim()) : '';
  };
  return { subject: value('subject'), to: value('to'), from: value('from'), date: value('date') };
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=` / `=?UTF-8?B?…?=`), which nodemailer uses for non-ASCII headers. */
function decodeEncodedWords(text: string): string {
  return text
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_match, _charset: string, encoding: string, data: string) => {
        if (encoding.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString('utf8');
        const bytes = data
          .replace(/_/g, ' ')
          .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
            String.fromCharCode(parseInt(hex, 16)),
          );
        return Buffer.from(bytes, 'latin1').toString('utf8');
      },
    );
}
