import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { enqueueMail } from '../mail';
import { ClaimLinkModel, type ClaimLinkDoc } from './claim-link.model';
import { CONSENT_TEXT_VERSION } from './consent';
import { HandOutModel, type HandOutDoc } from './hand-out.model';
import { KitModel, type KitDoc } from './kit.model';
import { KitTypeModel } from './kit-type.model';
import { RecipientModel, type RecipientDoc } from './recipient.model';
import { withTransaction } from '../../lib/transactions';

export const CLAIM_LINK_DAYS = 7;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export const claimRequestForm = z.strictObject({
  email: z.email('must be an e-mail address').max(254),
  website: z.string().max(200).optional(),
});

const optional = (max: number) => z.string().trim().max(max).default('');
export const claimForm = z.strictObject({
  name: optional(200),
  organisation: optional(200),
  city: optional(100),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z]{2})?$/, 'must be two letters, e.g. LT')
    .default(''),
  role: optional(200),
  followUp: z.enum(['yes']).optional(),
  newsletter: z.enum(['yes']).optional(),
});
export type ClaimForm = z.output<typeof claimForm>;

/** A one-time link to claim or confirm a hand-out, for `email` (only its hash is stored). */
export async function issueClaimLink(
  handOutId: HandOutDoc['_id'] | string,
  email: string,
  now: Date,
  publicBaseUrl: string,
) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + CLAIM_LINK_DAYS * 86_400_000);
  await ClaimLinkModel.create({
    tokenHash: hash(token),
    handOutId: new Types.ObjectId(handOutId),
    email,
    expiresAt,
  });
  return { link: `${publicBaseUrl}/k/claim/${token}`, expiresAt };
}

/** Issues a one-time link for a hand-out and e-mails it to `email` through the outbox. */
export async function sendClaimLink(
  handOut: HandOutDoc,
  kit: KitDoc,
  email: string,
  now: Date,
  publicBaseUrl: string,
): Promise<void> {
  const { link, expiresAt } = await issueClaimLink(handOut._id, email, now, publicBaseUrl);
  const kitType = await KitTypeModel.findById(kit.kitTypeId).lean();
  await enqueueMail({
    to: email,
    template: 'kit-claim',
    data: {
      gameName: kitType?.name ?? 'game',
      serial: kit.serial,
      link,
      expiresAt: expiresAt.toISOString(),
    },
  });
}

/**
 * A visitor with the box asks to register it. The answer never says whether the kit is
 * anyone's: an anonymous hand-out gets a claim link at the given address; one with a
 * known address gets a confirm link at that address (not the one typed).
 */
export async function requestClaim(kit: KitDoc, email: string, now: Date, publicBaseUrl: string) {
  if (!kit.handOutId) return;
  const handOut = await HandOutModel.findById(kit.handOutId).lean<HandOutDoc>();
  if (!handOut) return;
  const recipient = handOut.recipientId
    ? await RecipientModel.findById(handOut.recipientId).lean<RecipientDoc>()
    : null;
  await sendClaimLink(handOut, kit, recipient?.email ?? email, now, publicBaseUrl);
}

/** The link's hand-out and what is known, for the form; 410 `link_invalid` when used or expired. */
export async function openClaim(token: string, now: Date) {
  const link = await ClaimLinkModel.findOne({ tokenHash: hash(token) }).lean<ClaimLinkDoc>();
  if (!link || link.usedAt || link.expiresAt <= now) throw linkInvalid();
  const handOut = await HandOutModel.findById(link.handOutId).lean<HandOutDoc>();
  if (!handOut) throw linkInvalid();
  const recipient = handOut.recipientId
    ? await RecipientModel.findById(handOut.recipientId).lean<RecipientDoc>()
    : null;
  const kit = await KitModel.findById(handOut.kitId).lean<KitDoc>();
  return { link, handOut, recipient, kit };
}

const linkInvalid = () =>
  new AppError(
    'link_invalid',
    'This link has been used already or has expired. Ask for a new one on the kit page.',
    410,
  );

/**
 * Uses the link (once: the first request to set `usedAt` wins) and stores the
 * recipient's details and consents; the kit counts as registered.
 */
export async function completeClaim(token: string, form: ClaimForm, now: Date) {
  return withTransaction(async () => {
    const link = await ClaimLinkModel.findOneAndUpdate(
      { tokenHash: hash(token), usedAt: { $exists: false }, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
      { new: true },
    ).lean<ClaimLinkDoc>();
    if (!link) throw linkInvalid();
    const handOut = await HandOutModel.findById(link.handOutId);
    if (!handOut) throw linkInvalid();
    const details = {
      name: form.name || undefined,
      organisation: form.organisation || undefined,
      city: form.city || undefined,
      country: form.country || undefined,
      role: form.role || undefined,
      email: link.email,
    };
    if (handOut.recipientId)
      await RecipientModel.updateOne({ _id: handOut.recipientId }, { $set: details });
    else handOut.recipientId = (await RecipientModel.create(details))._id;
    const consent = (given: boolean) => ({ given, textVersion: CONSENT_TEXT_VERSION, at: now });
    handOut.consents = {
      followUp: consent(form.followUp === 'yes'),
      newsletter: consent(form.newsletter === 'yes'),
    };
    handOut.city = details.city ?? handOut.city;
    handOut.country = details.country ?? handOut.country;
    handOut.confirmedAt = now;
    await handOut.save();
    await KitModel.updateOne(
      { _id: handOut.kitId, status: 'handed-out' },
      { $set: { status: 'registered' } },
    );
    return { handOutId: handOut._id.toString() };
  });
}
