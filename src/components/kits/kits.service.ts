import { Types } from 'mongoose';
import { AppError, conflict, notFound } from '../../lib/errors';
import type { Page } from '../../lib/http/validate';
import type { Scope } from '../../lib/http/policy';
import { createQrCode, type ComponentTarget } from '../qr';
import { KitBatchModel } from './batch.model';
import { findKitTypeDoc } from './kit-types.service';
import { KitTypeModel } from './kit-type.model';
import { KitModel, type KitDoc } from './kit.model';
import { kitPagePath, toKitView, type KitView } from './kits.presenter';
import type { CreateKitsInput, ListKitsQuery } from './kits.schemas';
import { withTransaction } from '../../lib/transactions';

const isObjectId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

export const formatSerial = (prefix: string, n: number) =>
  `${prefix}-${String(n).padStart(4, '0')}`;

/** How the registry reaches a kit: its public page, found by the kit's id. */
export const kitQrTarget: ComponentTarget = {
  exists: async (kitId) => isObjectId(kitId) && (await KitModel.exists({ _id: kitId })) !== null,
  publicPath: async (kitId) => {
    if (!isObjectId(kitId)) return undefined;
    const kit = await KitModel.findById(kitId, { serial: 1 }).lean<Pick<KitDoc, 'serial'>>();
    return kit ? kitPagePath(kit.serial) : undefined;
  },
  scope: (kitId) => kitScope(kitId),
};

/**
 * A kit's scope: the event of its batch and its kit type's project (a kit outside any
 * event's batch is an event-less thing of that project). Undefined for an unknown kit.
 */
export async function kitScope(kitId: string): Promise<Scope | undefined> {
  if (!isObjectId(kitId)) return undefined;
  const kit = await KitModel.findById(kitId, { kitTypeId: 1, batchId: 1 }).lean<KitDoc>();
  if (!kit) return undefined;
  const [kitType, batch] = await Promise.all([
    KitTypeModel.findById(kit.kitTypeId, { projectId: 1 }).lean(),
    kit.batchId ? KitBatchModel.findById(kit.batchId, { eventId: 1 }).lean() : null,
  ]);
  return {
    eventId: batch?.eventId?.toString() ?? null,
    projectIds: kitType?.projectId ? [kitType.projectId.toString()] : [],
  };
}

/**
 * "Make 300 kits": draws `count` serials (the kit type's counter, raised with $inc) and
 * registers one QR code of kind "kit" per kit, in one transaction: either every kit and
 * code exists afterwards or none does.
 */
export async function createKits(
  kitTypeId: string,
  input: CreateKitsInput,
  publicBaseUrl: string,
): Promise<KitView[]> {
  const kitType = await findKitTypeDoc(kitTypeId);
  if (input.batchId) {
    const batch = isObjectId(input.batchId) ? await KitBatchModel.findById(input.batchId) : null;
    if (!batch || !batch.kitTypeId.equals(kitType._id))
      throw notFound('Batch of this kit type', 'batch_not_found');
  }
  const docs = await withTransaction(async () => {
    const counter = await KitTypeModel.findOneAndUpdate(
      { _id: kitType._id },
      { $inc: { lastSerial: input.count } },
      { new: true },
    ).lean();
    if (!counter) throw notFound('Kit type', 'kit_type_not_found');
    const first = counter.lastSerial - input.count + 1;
    const kits: Partial<KitDoc>[] = [];
    for (let i = 0; i < input.count; i++) {
      const serial = formatSerial(kitType.serialPrefix, first + i);
      const kitId = new Types.ObjectId();
      const code = await createQrCode(
        {
          kind: 'kit',
          label: `${kitType.name} kit ${serial}`,
          target: { kitId: kitId.toString() },
          projectId: kitType.projectId?.toString(),
        },
        publicBaseUrl,
        // The kit is inserted below, in this transaction.
        { targetCreatedAlongside: true },
      );
      kits.push({
        _id: kitId,
        kitTypeId: kitType._id,
        batchId: input.batchId ? new Types.ObjectId(input.batchId) : undefined,
        serial,
        qrCodeId: new Types.ObjectId(code.id),
        qrCode: code.code,
        status: 'in-stock',
      });
    }
    return KitModel.insertMany(kits);
  }).catch((err: { code?: number }) => {
    // A serial already taken (the counter was set back by hand): nothing was written.
    if (err.code === 11000)
      throw conflict('serial_taken', 'Some of these serials exist already; nothing was created');
    throw err;
  });
  return docs.map((d) => toKitView(d.toObject() as KitDoc));
}

export async function listKits(query: ListKitsQuery): Promise<Page<KitView>> {
  const filter: Record<string, unknown> = {};
  if (query.kitTypeId) filter.kitTypeId = new Types.ObjectId(query.kitTypeId);
  if (query.status) filter.status = query.status;
  const [docs, total] = await Promise.all([
    KitModel.find(filter)
      .sort({ serial: 1 })
      .skip((query.page - 1) * query.limit)
      .limit(query.limit)
      .lean<KitDoc[]>(),
    KitModel.countDocuments(filter),
  ]);
  return { items: docs.map(toKitView), page: query.page, limit: query.limit, total };
}

export async function findKitDoc(id: string) {
  const doc = isObjectId(id) ? await KitModel.findById(id) : null;
  if (!doc) throw notFound('Kit', 'kit_not_found');
  return doc;
}

export async function getKit(id: string): Promise<KitView> {
  return toKitView((await findKitDoc(id)).toObject());
}

export async function getKitBySerial(serial: string): Promise<KitView> {
  const doc = await KitModel.findOne({ serial: serial.trim().toUpperCase() }).lean<KitDoc>();
  if (!doc) throw notFound('Kit', 'kit_not_found');
  return toKitView(doc);
}

/**
 * What the stand typed or scanned: a serial (DOM-0042), a registry short code, or a
 * scanned address ending in /q/<code> or /k/<serial>. Throws 404 `kit_not_found`.
 */
export async function findKitByScan(raw: string): Promise<KitDoc> {
  const text = raw.trim();
  let serial: string | undefined;
  let code: string | undefined;
  const address = /\/(q|k)\/([^/?#\s]+)/.exec(text);
  if (address) {
    if (address[1] === 'q') code = decodeURIComponent(address[2]!);
    else serial = decodeURIComponent(address[2]!);
  } else if (/^[A-Za-z]{2,8}-\d{4,}$/.test(text)) serial = text;
  else code = text;
  const doc = serial
    ? await KitModel.findOne({ serial: serial.toUpperCase() }).lean<KitDoc>()
    : await KitModel.findOne({ qrCode: code?.toLowerCase() }).lean<KitDoc>();
  if (!doc) throw new AppError('kit_not_found', `No kit has the code ${text.slice(0, 60)}`, 404);
  return doc;
}

export async function countKits(filter: { kitTypeId?: string } = {}): Promise<number> {
  return KitModel.countDocuments(
    filter.kitTypeId ? { kitTypeId: new Types.ObjectId(filter.kitTypeId) } : {},
  );
}
