import { isbot } from 'isbot';
import { UAParser } from 'ua-parser-js';
import type { DeviceClass } from './scan.model';

/**
 * Turns request headers into the few bounded fields a scan keeps. The user agent is
 * read here and dropped; only its class and the bot flag survive.
 */
export type ScanHeaders = {
  userAgent?: string;
  acceptLanguage?: string;
  referer?: string;
  purpose?: string;
  secPurpose?: string;
};

/** Browsers' speculative loads (link prefetch, prerender) are not visits. */
export function isPrefetch(headers: ScanHeaders): boolean {
  return /prefetch|prerender/i.test(`${headers.purpose ?? ''} ${headers.secPurpose ?? ''}`);
}

/**
 * Phones repeat: the same few thousand user agents make most scans, so their class
 * and bot flag are remembered (in memory, bounded) instead of parsed every time.
 */
const MEMO_MAX = 2000;
const memo = new Map<string, { device: DeviceClass; bot: boolean }>();

export function classifyAgent(userAgent: string): { device: DeviceClass; bot: boolean } {
  let known = memo.get(userAgent);
  if (!known) {
    known = { device: deviceClass(userAgent), bot: isBotAgent(userAgent) };
    if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value!);
    memo.set(userAgent, known);
  }
  return known;
}

/** Crawlers and link previewers (Slack, WhatsApp, Facebook…): kept, but apart. An empty UA is a tool, not a phone. */
export function isBotAgent(userAgent: string | undefined): boolean {
  return !userAgent || isbot(userAgent);
}

export function deviceClass(userAgent: string | undefined): DeviceClass {
  if (!userAgent) return 'other';
  const result = new UAParser(userAgent.slice(0, 512)).getResult();
  const type = result.device.type;
  if (type === 'mobile') return 'mobile';
  if (type === 'tablet') return 'tablet';
  if (!type && result.browser.name) return 'desktop';
  return 'other';
}

/** The primary subtag of the first language the visitor accepts: "lt-LT,lt;q=0.9" → "lt". */
export function primaryLanguage(acceptLanguage: string | undefined): string | undefined {
  const first = acceptLanguage?.slice(0, 200).split(',')[0]?.split(';')[0]?.trim().toLowerCase();
  const primary = first?.split('-')[0];
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

/** Only the host of the referring page, never its path or query (they can hold personal data). */
export function referrerHost(referer: string | undefined): string | undefined {
  if (!referer || referer.length > 2000) return undefined;
  try {
    const { protocol, hostname } = new URL(referer);
    if (protocol !== 'https:' && protocol !== 'http:') return undefined;
    return /^[a-z0-9.-]{1,253}$/.test(hostname) ? hostname : undefined;
  } catch {
    return undefined;
  }
}
