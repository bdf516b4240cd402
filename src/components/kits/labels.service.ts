import { Types } from 'mongoose';
import { z } from 'zod';
import { renderLabelSheetPdf, type PrintLabel } from '../print';
import { qrScanUrl } from '../qr';
import { findKitTypeDoc } from './kit-types.service';
import { KIT_STATUSES, KitModel, type KitDoc } from './kit.model';

/** Sheet stock → print layout (templates/print). */
export const KIT_LABEL_LAYOUTS = {
  l7160: 'kit-labels-l7160',
  l7651: 'kit-labels-l7651',
  'a4-3x7': 'qr-labels-3x7',
  'a4-2x4': 'kit-labels-a4-2x4',
} as const;

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const labelsQuery = z.strictObject({
  layout: z
    .enum(Object.keys(KIT_LABEL_LAYOUTS) as [keyof typeof KIT_LABEL_LAYOUTS])
    .default('l7160'),
  /** Printer calibration in millimetres (positive: right / down). */
  offsetX: z.coerce.number().min(-20).max(20).default(0),
  offsetY: z.coerce.number().min(-20).max(20).default(0),
  status: z.enum(KIT_STATUSES).optional(),
  batchId: z
    .string()
    .regex(/^[0-9a-f]{24}$/i)
    .optional(),
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone').default('UTC'),
});
export type LabelsQuery = z.output<typeof labelsQuery>;

/**
 * Label sheets for a kit type's kits, serial order: each label carries the kit's
 * serial and its registry QR code, which encodes the code's short address.
 */
export async function renderKitLabels(
  kitTypeId: string,
  query: LabelsQuery,
  publicBaseUrl: string,
  now: Date,
): Promise<{ doc: PDFKit.PDFDocument; fileName: string; count: number }> {
  const kitType = await findKitTypeDoc(kitTypeId);
  const filter: Record<string, unknown> = { kitTypeId: kitType._id };
  if (query.status) filter.status = query.status;
  if (query.batchId) filter.batchId = new Types.ObjectId(query.batchId);
  const kits = await KitModel.find(filter, { serial: 1, qrCode: 1 })
    .sort({ serial: 1 })
    .lean<KitDoc[]>();
  const labels: PrintLabel[] = kits.map((kit) => ({
    code: kit.serial,
    // What every printed symbol encodes: the short address marked as a scan (?s=qr).
    url: qrScanUrl(publicBaseUrl, kit.qrCode),
    title: kitType.name,
    subtitle: 'Scan to report a play',
  }));
  const doc = renderLabelSheetPdf({
    layout: KIT_LABEL_LAYOUTS[query.layout],
    labels,
    offsetMm: { x: query.offsetX, y: query.offsetY },
    timeZone: query.timeZone,
    now,
  });
  return {
    doc,
    fileName: `kit-labels-${kitType.serialPrefix.toLowerCase()}-${query.layout}-${kits.length}.pdf`,
    count: kits.length,
  };
}
