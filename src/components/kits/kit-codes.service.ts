import type { Types } from 'mongoose';
import { listAllQrCodes, updateQrCode } from '../qr';
import { kitQrTarget } from './kits.service';
import { KitModel } from './kit.model';

const CHUNK = 500;

/**
 * Kits made before the registry knew kit targets have codes that lead nowhere
 * (`none`) or to an https address of the kit page. Points every kit's code at its
 * kit (`{ kitId }`), so a scan follows the kit even if its page address changes.
 * Idempotent: codes already leading to their kit are left alone. It reads every
 * kit, so it runs once, as migration 0001 (src/migrations), not at every start.
 * Returns how many codes were pointed anew.
 */
export async function linkKitCodes(publicBaseUrl: string): Promise<number> {
  let linked = 0;
  let after: Types.ObjectId | undefined;
  for (;;) {
    const kits = await KitModel.find(after ? { _id: { $gt: after } } : {}, { qrCodeId: 1 })
      .sort({ _id: 1 })
      .limit(CHUNK)
      .lean();
    if (kits.length === 0) return linked;
    after = kits[kits.length - 1]!._id;
    const codes = await listAllQrCodes(
      { ids: kits.map((k) => k.qrCodeId.toString()) },
      publicBaseUrl,
    );
    const byId = new Map(codes.map((c) => [c.id, c]));
    for (const kit of kits) {
      const code = byId.get(kit.qrCodeId.toString());
      if (!code) continue; // a code removed from the registry by hand: nothing to point
      const kitId = kit._id.toString();
      if (code.target.type === 'kit' && code.target.id === kitId) continue;
      await updateQrCode(code.id, { target: { kitId } }, publicBaseUrl, {
        targets: { kit: kitQrTarget },
      });
      linked++;
    }
  }
}
