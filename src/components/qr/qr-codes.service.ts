import { Types } from 'mongoose';
import { AppError, notFound } from '../../lib/errors';
import type { Page } from '../../lib/http/validate';
import { getEvent } from '../events';
import { PostcardModel } from './postcard.model';
import { QrCodeModel, type QrCodeDoc, type QrKind, type QrTarget } from './qr-code.model';
import { toQrCodeView, type QrCodeView } from './registry.presenter';
import type {
  CreateQrCodeInput,
  ListQrCodesQuery,
  QrTargetInput,
  UpdateQrCodeInput,
} from './registry.schemas';
import { ResourceModel } from './resource.model';
import { generateShortCode, isShortCode } from './short-code';
import { forgetScanTarget } from './scan-targets';
import { componentTarget, type ComponentTargets, type ComponentTargetType } from './target-kinds';

const isObjectId = (id: string) => /^[0-9a-f]{24}$/i.test(id);
const oid = (id: string) => new Types.ObjectId(id);

/**
 * Turns the API's target into what is stored, checking that the thing exists. Kits
 * and World Café tables are checked by their own component's target (`targets`).
 */
async function toTarget(
  input: QrTargetInput,
  targets: Partial<ComponentTargets> | undefined,
  check = true,
): Promise<QrTarget> {
  if ('resourceId' in input) {
    if (!(await ResourceModel.exists({ _id: input.resourceId })))
      throw notFound('Resource', 'resource_not_found');
    return { type: 'resource', refId: oid(input.resourceId) };
  }
  if ('postcardId' in input) {
    if (!(await PostcardModel.exists({ _id: input.postcardId })))
      throw notFound('Postcard', 'postcard_not_found');
    return { type: 'postcard', refId: oid(input.postcardId) };
  }
  if ('eventId' in input) {
    await getEvent(input.eventId);
    return { type: 'event', refId: oid(input.eventId) };
  }
  if ('kitId' in input) return componentTargetOf(targets, 'kit', input.kitId, check);
  if ('tableId' in input) return componentTargetOf(targets, 'table', input.tableId, check);
  if ('url' in input) return { type: 'url', url: input.url };
  return { type: 'none' };
}

async function componentTargetOf(
  targets: Partial<ComponentTargets> | undefined,
  type: ComponentTargetType,
  refId: string,
  check: boolean,
): Promise<QrTarget> {
  if (check && !(await componentTarget(targets, type).exists(refId)))
    throw notFound(type === 'kit' ? 'Kit' : 'World Café table', `${type}_not_found`);
  return { type, refId: oid(refId) };
}

async function findQrCodeDoc(id: string) {
  const doc = isObjectId(id) ? await QrCodeModel.findById(id) : null;
  if (!doc) throw notFound('QR code', 'not_found');
  return doc;
}

export type CreateQrCodeOptions = {
  /**
   * The caller creates the target in the same transaction, after the code (a kit
   * needs its code's id): the target's existence is its promise, not checked here.
   */
  targetCreatedAlongside?: boolean;
  /**
   * The other components' targets the caller may point codes at: this component's
   * routes pass all of them (app.ts provides them); a component passes its own.
   */
  targets?: Partial<ComponentTargets>;
};

/**
 * Registers a code: a fresh random short code (a collision with an existing one,
 * about 1 in 27 billion per code, is caught by the unique index and drawn again).
 */
export async function createQrCode(
  input: CreateQrCodeInput,
  publicBaseUrl: string,
  options: CreateQrCodeOptions = {},
): Promise<QrCodeView> {
  const target = await toTarget(
    input.target ?? { none: true },
    options.targets,
    !options.targetCreatedAlongside,
  );
  if (input.eventId) await getEvent(input.eventId);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const doc = await QrCodeModel.create({
        code: generateShortCode(),
        kind: input.kind,
        label: input.label,
        target,
        eventId: input.eventId,
        projectId: input.projectId,
        zoneId: input.zoneId,
      });
      return toQrCodeView(doc.toObject(), publicBaseUrl);
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }
  throw new AppError('code_space_exhausted', 'Could not draw a free short code', 503);
}

export async function getQrCode(id: string, publicBaseUrl: string): Promise<QrCodeView> {
  return toQrCodeView((await findQrCodeDoc(id)).toObject(), publicBaseUrl);
}

/** The registered code with this short code, or undefined (malformed codes included). */
export async function findQrCodeByCode(
  code: string,
  publicBaseUrl: string,
): Promise<QrCodeView | undefined> {
  if (!isShortCode(code)) return undefined;
  const doc = await QrCodeModel.findOne({ code }).lean<QrCodeDoc>();
  return doc ? toQrCodeView(doc, publicBaseUrl) : undefined;
}

/** Lists codes, newest first; filters by kind and placement. */
export async function listQrCodes(
  query: ListQrCodesQuery,
  publicBaseUrl: string,
): Promise<Page<QrCodeView>> {
  const filter: Record<string, unknown> = {};
  if (query.kind) filter.kind = query.kind;
  if (query.eventId) filter.eventId = oid(query.eventId);
  if (query.projectId) filter.projectId = oid(query.projectId);
  const [docs, total] = await Promise.all([
    QrCodeModel.find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .skip((query.page - 1) * query.limit)
      .limit(query.limit)
      .lean<QrCodeDoc[]>(),
    QrCodeModel.countDocuments(filter),
  ]);
  return {
    items: docs.map((d) => toQrCodeView(d, publicBaseUrl)),
    page: query.page,
    limit: query.limit,
    total,
  };
}

/** Every code matching the filter (for pickers and analytics; capped). */
export async function listAllQrCodes(
  filter: {
    eventId?: string;
    projectId?: string;
    zoneId?: string;
    ids?: string[];
    codes?: string[];
    /** Codes leading to this resource, postcard or event. */
    targetId?: string;
  },
  publicBaseUrl: string,
): Promise<QrCodeView[]> {
  const query: Record<string, unknown> = {};
  if (filter.eventId) query.eventId = oid(filter.eventId);
  if (filter.projectId) query.projectId = oid(filter.projectId);
  if (filter.zoneId) query.zoneId = oid(filter.zoneId);
  if (filter.ids) query._id = { $in: filter.ids.filter(isObjectId).map(oid) };
  if (filter.codes) query.code = { $in: filter.codes.filter(isShortCode) };
  if (filter.targetId)
    query['target.refId'] = isObjectId(filter.targetId) ? oid(filter.targetId) : null;
  const docs = await QrCodeModel.find(query)
    .sort({ kind: 1, label: 1, _id: 1 })
    .limit(5000)
    .lean<QrCodeDoc[]>();
  return docs.map((d) => toQrCodeView(d, publicBaseUrl));
}

/**
 * The registered codes among `codes`, in the order given. Throws 400
 * `unregistered_qr_codes` naming every code that is not in the registry: a printed
 * code that leads to a 404 is worse than no label.
 */
export async function requireRegisteredCodes(
  codes: readonly string[],
  publicBaseUrl: string,
): Promise<QrCodeView[]> {
  const found = await listAllQrCodes({ codes: [...codes] }, publicBaseUrl);
  const byCode = new Map(found.map((c) => [c.code, c]));
  const missing = codes.filter((c) => !byCode.has(c));
  if (missing.length) {
    throw new AppError(
      'unregistered_qr_codes',
      `Not registered QR codes: ${missing.slice(0, 20).join(', ')}`,
      400,
      { codes: missing },
    );
  }
  return codes.map((c) => byCode.get(c)!);
}

/** Retargets, relabels, moves or disables a code; the short code itself never changes. */
export async function updateQrCode(
  id: string,
  input: UpdateQrCodeInput,
  publicBaseUrl: string,
  options: Pick<CreateQrCodeOptions, 'targets'> = {},
): Promise<QrCodeView> {
  const doc = await findQrCodeDoc(id);
  if (input.target) doc.target = await toTarget(input.target, options.targets);
  if (input.label !== undefined) doc.label = input.label;
  if (input.enabled !== undefined) doc.enabled = input.enabled;
  if (input.eventId !== undefined) {
    if (input.eventId) await getEvent(input.eventId);
    doc.eventId = input.eventId ? oid(input.eventId) : undefined;
  }
  if (input.projectId !== undefined)
    doc.projectId = input.projectId ? oid(input.projectId) : undefined;
  if (input.zoneId !== undefined) doc.zoneId = input.zoneId ? oid(input.zoneId) : undefined;
  await doc.save();
  forgetScanTarget(doc.code);
  return toQrCodeView(doc.toObject(), publicBaseUrl);
}

/**
 * The code of kind `kind` that leads to `target` (the first one registered), created
 * when there is none. Used for the code each resource, postcard and event page has.
 */
export async function ensureQrCodeFor(
  kind: QrKind,
  target: QrTargetInput,
  placement: { label: string; eventId?: string; projectId?: string },
  publicBaseUrl: string,
  options: Pick<CreateQrCodeOptions, 'targets'> = {},
): Promise<QrCodeView> {
  const stored = await toTarget(target, options.targets);
  const existing = await QrCodeModel.findOne({
    kind,
    'target.type': stored.type,
    'target.refId': stored.refId,
  })
    .sort({ createdAt: 1, _id: 1 })
    .lean<QrCodeDoc>();
  if (existing) return toQrCodeView(existing, publicBaseUrl);
  return createQrCode({ kind, target, ...placement }, publicBaseUrl, options);
}

/** The "event page" code of an event: what the programme printout's QR encodes. */
export async function ensureEventPageQrCode(
  eventId: string,
  publicBaseUrl: string,
): Promise<QrCodeView> {
  const event = await getEvent(eventId);
  return ensureQrCodeFor(
    'event-page',
    { eventId },
    { label: `Event page: ${event.name}`, eventId },
    publicBaseUrl,
  );
}

/** Codes leading to a thing that is being deleted now lead to a placeholder page (they may be printed). */
export async function detachQrCodesFrom(
  type: 'resource' | 'postcard' | ComponentTargetType,
  refId: string,
) {
  const docs = await QrCodeModel.find({ 'target.type': type, 'target.refId': oid(refId) });
  for (const doc of docs) {
    doc.target = { type: 'none' };
    await doc.save();
    forgetScanTarget(doc.code);
  }
}

/** The zones codes are placed in, with the event of their codes (for the analytics index). */
export async function listQrZones(): Promise<
  { zoneId: string; eventId?: string; codes: number }[]
> {
  const rows = await QrCodeModel.aggregate<{
    _id: { zoneId: Types.ObjectId; eventId?: Types.ObjectId };
    codes: number;
  }>([
    { $match: { zoneId: { $exists: true, $ne: null } } },
    { $group: { _id: { zoneId: '$zoneId', eventId: '$eventId' }, codes: { $sum: 1 } } },
    { $sort: { '_id.zoneId': 1 } },
    { $limit: 500 },
  ]);
  return rows.map((r) => ({
    zoneId: r._id.zoneId.toString(),
    eventId: r._id.eventId?.toString(),
    codes: r.codes,
  }));
}
