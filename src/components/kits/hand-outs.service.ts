import { Types } from 'mongoose';
import { AppError, conflict, notFound } from '../../lib/errors';
import { getEvent } from '../events';
import { CONSENT_TEXT_VERSION, isKnownConsentVersion } from './consent';
import { findKitTypeDoc } from './kit-types.service';
import { HandOutModel, type Consent, type HandOutDoc } from './hand-out.model';
import { KitModel, type KitDoc } from './kit.model';
import { toHandOutView, type HandOutView } from './kits.presenter';
import type { AggregateHandOutInput, HandOutInput, RecipientInput } from './kits.schemas';
import { findKitByScan, findKitDoc } from './kits.service';
import { RecipientModel, type RecipientDoc } from './recipient.model';
import { withTransaction } from '../../lib/transactions';
import { sendHandOutReceipt } from './follow-ups.service';

type Actor = { userId?: string; source?: HandOutDoc['source'] };

const hasPerson = (r: RecipientInput) => Boolean(r.name || r.organisation || r.email || r.role);

function consentsOf(input: HandOutInput, at: Date) {
  const textVersion = input.consents.textVersion ?? CONSENT_TEXT_VERSION;
  if (!isKnownConsentVersion(textVersion))
    throw new AppError(
      'unknown_consent_version',
      `Unknown consent text version ${textVersion}`,
      400,
    );
  const wantsMail = Boolean(input.recipient.email);
  const consent = (given: boolean): Consent => ({ given: given && wantsMail, textVersion, at });
  return {
    followUp: consent(input.consents.followUp),
    newsletter: consent(input.consents.newsletter),
  };
}

/** Organisers see who holds a kit when they try to hand it out again. */
async function holderOf(kit: KitDoc) {
  const handOut = kit.handOutId
    ? await HandOutModel.findById(kit.handOutId).lean<HandOutDoc>()
    : null;
  const recipient = handOut?.recipientId
    ? await RecipientModel.findById(handOut.recipientId).lean<RecipientDoc>()
    : null;
  return {
    handOutId: handOut?._id.toString(),
    handedOutAt: handOut?.handedOutAt,
    name: recipient?.name ?? null,
    organisation: recipient?.organisation ?? null,
    city: recipient?.city ?? handOut?.city ?? null,
  };
}

async function alreadyStored(clientId: string | undefined) {
  if (!clientId) return undefined;
  const doc = await HandOutModel.findOne({ clientId }).lean<HandOutDoc>();
  if (!doc) return undefined;
  const kit = doc.kitId ? await KitModel.findById(doc.kitId, { serial: 1 }).lean() : null;
  return toHandOutView(doc, kit?.serial);
}

export type HandOutResult = { handOut: HandOutView; created: boolean };

/** With `receiptBaseUrl`, the recipient's receipt e-mail (links on this origin) is queued. */
export type HandOutOptions = { receiptBaseUrl?: string };

/**
 * Hands out one kit: the named kit (409 `kit_already_handed_out` naming the holder when
 * it is not in stock) or, without one, the first kit of `kitTypeId` in stock (409
 * `out_of_stock`). A `clientId` seen before answers the stored hand-out: the phone's
 * queue may send an entry twice, and it is stored once (unique index).
 *
 * The kit's new status, the recipient, the hand-out and its receipt in the outbox are
 * one transaction: when any of them fails nothing is stored, so the phone's retry
 * hands the kit out again and the receipt goes with it (never a hand-out without one).
 */
export async function handOutKit(
  target: { kitId?: string; code?: string; kitTypeId?: string },
  input: HandOutInput,
  now: Date,
  actor: Actor = {},
  options: HandOutOptions = {},
): Promise<HandOutResult> {
  const repeat = await alreadyStored(input.clientId);
  if (repeat) return { handOut: repeat, created: false };
  if (input.eventId) await getEvent(input.eventId);
  const handedOutAt = input.handedOutAt ? new Date(input.handedOutAt) : now;
  const consents = consentsOf(input, now);
  let named: KitDoc | undefined;
  if (target.kitId) named = (await findKitDoc(target.kitId)).toObject();
  else if (target.code) named = await findKitByScan(target.code);
  else if (target.kitTypeId) await findKitTypeDoc(target.kitTypeId);
  else throw new AppError('kit_required', 'Scan or type a kit code, or choose a kit type', 400);

  const handOutId = new Types.ObjectId();
  try {
    const serial = await withTransaction(async (session) => {
      const kit = await KitModel.findOneAndUpdate(
        named
          ? { _id: named._id, status: 'in-stock' }
          : { kitTypeId: new Types.ObjectId(target.kitTypeId), status: 'in-stock' },
        { $set: { status: 'handed-out', handOutId } },
        { new: true, sort: { serial: 1 } },
      ).lean<KitDoc>();
      if (!kit) {
        if (!named) throw conflict('out_of_stock', 'No kit of this type is in stock');
        throw conflict('kit_already_handed_out', `Kit ${named.serial} is already handed out`, {
          serial: named.serial,
          holder: await holderOf(named),
        });
      }
      const recipient = hasPerson(input.recipient)
        ? await RecipientModel.create({
            ...input.recipient,
            email: input.recipient.email || undefined,
            country: input.recipient.country || undefined,
          })
        : undefined;
      await HandOutModel.create({
        _id: handOutId,
        kind: 'named',
        kitTypeId: kit.kitTypeId,
        kitId: kit._id,
        eventId: input.eventId,
        recipientId: recipient?._id,
        clientId: input.clientId,
        count: 1,
        countQualifier: 'exact',
        city: input.recipient.city || undefined,
        country: input.recipient.country || undefined,
        consents,
        handedOutAt,
        handedOutBy: actor.userId,
        source: actor.source ?? 'stand',
        note: input.note,
      });
      if (options.receiptBaseUrl)
        await sendHandOutReceipt(handOutId.toString(), now, options.receiptBaseUrl, session);
      return kit.serial;
    });
    const doc = await HandOutModel.findById(handOutId).lean<HandOutDoc>();
    return { handOut: toHandOutView(doc!, serial), created: true };
  } catch (err) {
    // The same entry raced in from a second tab: the unique index let one in.
    if ((err as { code?: number }).code === 11000) {
      const winner = await alreadyStored(input.clientId);
      if (winner) return { handOut: winner, created: false };
    }
    throw err;
  }
}

/** A tally without people: "more than 250 kits at the 2025 conference". */
export async function recordAggregateHandOut(
  kitTypeId: string,
  input: AggregateHandOutInput,
  now: Date,
  actor: Actor = {},
): Promise<HandOutView> {
  await findKitTypeDoc(kitTypeId);
  if (input.eventId) await getEvent(input.eventId);
  if (!input.handedOutAt && !input.eventId)
    throw new AppError('date_or_event_required', 'Give the date or the event of the tally', 400);
  const at = input.handedOutAt ? new Date(input.handedOutAt) : undefined;
  // A tally has nobody to ask: no consent, recorded when the tally was.
  const none: Consent = { given: false, textVersion: CONSENT_TEXT_VERSION, at: now };
  const doc = await HandOutModel.create({
    kind: 'aggregate',
    kitTypeId: new Types.ObjectId(kitTypeId),
    eventId: input.eventId,
    count: input.count,
    countQualifier: input.countQualifier,
    city: input.city,
    country: input.country,
    consents: { followUp: none, newsletter: none },
    handedOutAt: at,
    handedOutBy: actor.userId,
    source: actor.source ?? 'api',
    note: input.note,
  });
  return toHandOutView(doc.toObject());
}

export async function getHandOut(id: string): Promise<HandOutView> {
  const doc = /^[0-9a-f]{24}$/i.test(id)
    ? await HandOutModel.findById(id).lean<HandOutDoc>()
    : null;
  if (!doc) throw notFound('Hand-out', 'hand_out_not_found');
  const kit = doc.kitId ? await KitModel.findById(doc.kitId, { serial: 1 }).lean() : null;
  return toHandOutView(doc, kit?.serial);
}

/** Hand-outs by kit type and event, within `visible` (the actor's, from the policies). */
export async function listHandOuts(
  filter: { kitTypeId?: string; eventId?: string } = {},
  visible: Record<string, unknown> = {},
) {
  const query: Record<string, unknown> = { ...visible };
  if (filter.kitTypeId) query.kitTypeId = new Types.ObjectId(filter.kitTypeId);
  if (filter.eventId) query.eventId = new Types.ObjectId(filter.eventId);
  const docs = await HandOutModel.find(query)
    .sort({ handedOutAt: -1, _id: -1 })
    .limit(5000)
    .lean<HandOutDoc[]>();
  const kits = await KitModel.find(
    { _id: { $in: docs.flatMap((d) => d.kitId ?? []) } },
    { serial: 1 },
  ).lean();
  const serials = new Map(kits.map((k) => [k._id.toString(), k.serial]));
  return docs.map((d) => toHandOutView(d, d.kitId ? serials.get(d.kitId.toString()) : undefined));
}
