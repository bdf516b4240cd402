import { Types } from 'mongoose';
import { notFound } from '../../lib/errors';
import { eraseMailTo, findOutboxMessages } from '../mail';
import { getEvent } from '../events';
import { ClaimLinkModel } from './claim-link.model';
import { HandOutModel, type HandOutDoc } from './hand-out.model';
import { KitTypeModel, type KitTypeDoc } from './kit-type.model';
import { KitModel } from './kit.model';
import { toHandOutView, toRecipientView } from './kits.presenter';
import { PlayReportModel } from './play-report.model';
import { RecipientModel, type RecipientDoc } from './recipient.model';

const isObjectId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

async function findRecipient(id: string) {
  const doc = isObjectId(id) ? await RecipientModel.findById(id).lean<RecipientDoc>() : null;
  if (!doc) throw notFound('Recipient', 'recipient_not_found');
  return doc;
}

/** Everything kept about one recipient (pretix's shredder order: export, then delete). */
export async function exportRecipient(id: string) {
  const recipient = await findRecipient(id);
  const handOuts = await HandOutModel.find({ recipientId: recipient._id }).lean<HandOutDoc[]>();
  const kits = await KitModel.find({ _id: { $in: handOuts.flatMap((h) => h.kitId ?? []) } }).lean();
  const serial = new Map(kits.map((k) => [k._id.toString(), k.serial]));
  const plays = await PlayReportModel.find(
    { kitId: { $in: kits.map((k) => k._id) } },
    { 'photo.data': 0 },
  ).lean();
  const links = await ClaimLinkModel.find(
    { handOutId: { $in: handOuts.map((h) => h._id) } },
    { tokenHash: 0 },
  ).lean();
  const messages = recipient.email ? await findOutboxMessages({ to: recipient.email }) : [];
  return {
    exportedAt: new Date().toISOString(),
    recipient: toRecipientView(recipient),
    handOuts: handOuts.map((h) => {
      const { clientId: _clientId, ...view } = toHandOutView(
        h,
        h.kitId ? serial.get(h.kitId.toString()) : undefined,
      );
      return view;
    }),
    playReportsOfTheirKits: plays.map((p) => ({
      serial: serial.get(p.kitId.toString()),
      playedOn: p.playedOn,
      city: p.city,
      country: p.country,
      players: p.players,
      setting: p.setting,
      coBenefits: p.coBenefits,
      conflicts: p.conflicts,
      text: p.text,
    })),
    linksSent: links.map((l) => ({
      email: l.email,
      sentAt: l.createdAt,
      expiresAt: l.expiresAt,
      usedAt: l.usedAt,
    })),
    emails: messages,
  };
}

/**
 * Anonymises a recipient: name, organisation, role and e-mail are removed from the
 * recipient, their claim links and every e-mail to them; hand-outs (with city and
 * country) and play reports stay, so every count stays the same.
 */
export async function anonymiseRecipient(id: string, now: Date) {
  const recipient = await findRecipient(id);
  const handOutIds = (
    await HandOutModel.find({ recipientId: recipient._id }, { _id: 1 }).lean()
  ).map((h) => h._id);
  if (recipient.email) await eraseMailTo(recipient.email);
  await ClaimLinkModel.deleteMany({ handOutId: { $in: handOutIds } });
  await HandOutModel.updateMany(
    { _id: { $in: handOutIds } },
    {
      $set: { 'consents.followUp.given': false, 'consents.newsletter.given': false },
      $unset: { mailToken: '' },
    },
  );
  await RecipientModel.updateOne(
    { _id: recipient._id },
    { $unset: { name: '', organisation: '', role: '', email: '' }, $set: { anonymisedAt: now } },
  );
  return { id, anonymisedAt: now, handOuts: handOutIds.length };
}

/**
 * Automatic anonymisation: for kit types with `anonymiseAfterDays`, recipients of
 * hand-outs at events that ended that many days ago, and of hand-outs at no event
 * that many days after the hand-out. Returns how many were anonymised.
 */
export async function anonymiseAfterEvents(now: Date): Promise<number> {
  let done = 0;
  const types = await KitTypeModel.find({ anonymiseAfterDays: { $gte: 1 } }).lean<KitTypeDoc[]>();
  for (const type of types) {
    const eventIds = await HandOutModel.distinct('eventId', {
      kitTypeId: type._id,
      recipientId: { $exists: true },
    });
    for (const eventId of eventIds as Types.ObjectId[]) {
      if (!eventId) continue;
      const event = await getEvent(eventId.toString()).catch(() => undefined);
      if (!event) continue;
      // The day after the last day, plus the configured days (calendar dates, UTC is close enough at day scale).
      const due =
        new Date(`${event.endDate}T00:00:00Z`).getTime() +
        (1 + type.anonymiseAfterDays!) * 86_400_000;
      if (now.getTime() < due) continue;
      const recipientIds = await HandOutModel.distinct('recipientId', {
        kitTypeId: type._id,
        eventId,
      });
      const pending = await RecipientModel.find(
        { _id: { $in: recipientIds }, anonymisedAt: { $exists: false } },
        { _id: 1 },
      ).lean();
      for (const r of pending) {
        await anonymiseRecipient(r._id.toString(), now);
        done++;
      }
    }
    const cutoff = new Date(now.getTime() - (1 + type.anonymiseAfterDays!) * 86_400_000);
    const withoutEvent = await HandOutModel.distinct('recipientId', {
      kitTypeId: type._id,
      eventId: null,
      recipientId: { $exists: true },
      handedOutAt: { $lt: cutoff },
    });
    const pending = await RecipientModel.find(
      { _id: { $in: withoutEvent }, anonymisedAt: { $exists: false } },
      { _id: 1 },
    ).lean();
    for (const r of pending) {
      await anonymiseRecipient(r._id.toString(), now);
      done++;
    }
  }
  return done;
}
