import type { Types } from 'mongoose';
import { getEvent } from '../events';
import { QrCodeModel, type QrCodeDoc } from './qr-code.model';
import { isShortCode } from './short-code';
import { componentTarget, isComponentTargetType, type ComponentTargets } from './target-kinds';

/**
 * Where `/q/<code>` sends a visitor, looked up once and kept for a moment. Every
 * lookup — a hit, an unknown code, a malformed one — takes the same path (cache,
 * else one indexed query), so codes cannot be told apart by timing. A retarget in
 * this process takes effect at once; another process sees it within CACHE_MS.
 */
export type ScanTarget =
  | { status: 'ok'; qrCodeId: Types.ObjectId; code: string; location: string }
  | { status: 'disabled'; qrCodeId: Types.ObjectId; code: string; label: string }
  | { status: 'unknown' };

const CACHE_MS = 2000;
const CACHE_MAX = 20_000;
/** Stands in for malformed codes: it cannot match a stored code (they are lower-case). */
const NO_SUCH_CODE = 'NONE';

/**
 * Process-wide on purpose (allow-listed in test/app/no-registries.test.ts): it is a
 * cache of the database, not a registry, and the registry's writes (updateQrCode,
 * detachQrCodesFrom) forget their entry here whichever app made them; a cache per
 * app would keep another app's stale copy. It holds stored values only, 2 s each.
 */
const cache = new Map<string, { target: ScanTarget; expires: number }>();

export function forgetScanTarget(code: string): void {
  cache.delete(code);
}

/** For tests and benches that change codes behind the registry's back. */
export function forgetAllScanTargets(): void {
  cache.clear();
}

/** The target when this process looked it up a moment ago (no await: the scan path's fast case). */
export function cachedScanTarget(rawCode: string, now = Date.now()): ScanTarget | undefined {
  const cached = cache.get(isShortCode(rawCode) ? rawCode : NO_SUCH_CODE);
  return cached && cached.expires > now ? cached.target : undefined;
}

export async function resolveScanTarget(
  rawCode: string,
  targets: ComponentTargets,
  now = Date.now(),
): Promise<ScanTarget> {
  const code = isShortCode(rawCode) ? rawCode : NO_SUCH_CODE;
  const cached = cachedScanTarget(code, now);
  if (cached) return cached;
  const doc = await QrCodeModel.findOne({ code }).lean<QrCodeDoc>();
  const target = await toScanTarget(doc, targets);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(code, { target, expires: now + CACHE_MS });
  return target;
}

async function toScanTarget(doc: QrCodeDoc | null, targets: ComponentTargets): Promise<ScanTarget> {
  if (!doc) return { status: 'unknown' };
  if (!doc.enabled) {
    return { status: 'disabled', qrCodeId: doc._id, code: doc.code, label: doc.label };
  }
  return {
    status: 'ok',
    qrCodeId: doc._id,
    code: doc.code,
    location: await locationOf(doc, targets),
  };
}

/**
 * Internal pages carry `?c=<code>` so their feedback form can name the code the
 * visitor came through. Only stored values build the address: nothing from the
 * request reaches the Location header, so there is no open redirect.
 */
async function locationOf(doc: QrCodeDoc, targets: ComponentTargets): Promise<string> {
  const via = `?c=${doc.code}`;
  const { type, refId, url } = doc.target;
  if (type === 'url' && url) return url;
  if (type === 'resource' && refId) return `/r/${refId.toString()}${via}`;
  if (type === 'postcard' && refId) return `/p/${refId.toString()}${via}`;
  if (isComponentTargetType(type) && refId) {
    const path = await componentTarget(targets, type)
      .publicPath(refId.toString())
      .catch(() => undefined);
    if (path) return `${path}${via}`;
  }
  if (type === 'event' && refId) {
    const event = await getEvent(refId.toString()).catch(() => undefined);
    if (event) return `/e/${event.slug}${via}`;
  }
  return `/l/${doc.code}`;
}
