import { listAllQrCodes, updateQrCode, type QrCodeView } from '../qr';
import { AppError } from '../../lib/errors';

/**
 * A zone's QR codes live in the QR registry: a code's `zoneId` placement says which
 * zone it hangs in. The stand never keeps its own copy, so a relabelled or
 * retargeted code shows its current label and address here.
 */
export type ZoneQrCodeView = {
  id: string;
  code: string;
  kind: string;
  label: string;
  /** The short address the printed code leads to. */
  url: string;
  enabled: boolean;
};

const toZoneQrCode = (c: QrCodeView): ZoneQrCodeView => ({
  id: c.id,
  code: c.code,
  kind: c.kind,
  label: c.label,
  url: c.url,
  enabled: c.enabled,
});

/** The registered codes of an event (what a zone may hold), by kind and label. */
export async function listEventQrCodes(
  eventId: string,
  publicBaseUrl: string,
): Promise<QrCodeView[]> {
  return listAllQrCodes({ eventId }, publicBaseUrl);
}

/** Codes placed in each of these zones, by zone id. */
export async function qrCodesByZone(
  eventId: string,
  zoneIds: readonly string[],
  publicBaseUrl: string,
): Promise<Map<string, ZoneQrCodeView[]>> {
  const byZone = new Map<string, ZoneQrCodeView[]>(zoneIds.map((id) => [id, []]));
  if (zoneIds.length === 0) return byZone;
  for (const code of await listEventQrCodes(eventId, publicBaseUrl)) {
    if (code.zoneId) byZone.get(code.zoneId)?.push(toZoneQrCode(code));
  }
  return byZone;
}

/**
 * Refuses ids that are not registered codes of the event, before anything is stored:
 * 400 `unknown_qr_code` naming each bad entry's path (`qrCodeIds.2`).
 */
export async function assertEventQrCodes(
  eventId: string,
  qrCodeIds: readonly string[],
  path = 'qrCodeIds',
): Promise<void> {
  if (qrCodeIds.length === 0) return;
  const found = await listAllQrCodes({ ids: [...qrCodeIds] }, '');
  const byId = new Map(found.map((c) => [c.id, c]));
  const errors = qrCodeIds.flatMap((id, i) => {
    const code = byId.get(id.toLowerCase());
    if (!code)
      return [{ path: `${path}.${i}`, message: 'no QR code with this id in the registry' }];
    if (code.eventId !== eventId)
      return [{ path: `${path}.${i}`, message: 'this QR code is not registered for the event' }];
    return [];
  });
  if (errors.length > 0) {
    throw new AppError(
      'unknown_qr_code',
      'Only registered QR codes of the event can be placed',
      400,
      {
        errors,
      },
    );
  }
}

/**
 * Makes exactly these codes the zone's: places the new ones (moving them from another
 * zone if they hung there) and takes the zone off codes no longer listed.
 */
export async function placeQrCodesInZone(
  eventId: string,
  zoneId: string,
  qrCodeIds: readonly string[],
): Promise<void> {
  const wanted = new Set(qrCodeIds.map((id) => id.toLowerCase()));
  const codes = await listEventQrCodes(eventId, '');
  for (const code of codes) {
    const here = code.zoneId === zoneId;
    if (wanted.has(code.id) && !here) await updateQrCode(code.id, { zoneId }, '');
    if (!wanted.has(code.id) && here) await updateQrCode(code.id, { zoneId: null }, '');
  }
}

/** Takes removed zones off the codes that hung in them. */
export async function clearZonesFromQrCodes(
  eventId: string,
  zoneIds: readonly string[],
): Promise<void> {
  const gone = new Set(zoneIds);
  for (const code of await listEventQrCodes(eventId, '')) {
    if (code.zoneId && gone.has(code.zoneId)) await updateQrCode(code.id, { zoneId: null }, '');
  }
}
