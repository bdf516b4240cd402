import { randomBytes } from 'node:crypto';
import { Types, type ClientSession } from 'mongoose';
import { AppError } from '../../lib/errors';
import { enqueueMail } from '../mail';
import { getResource } from '../qr';
import { issueClaimLink } from './claims.service';
import { HandOutModel, type HandOutDoc } from './hand-out.model';
import { KitTypeModel, type KitTypeDoc } from './kit-type.model';
import { KitModel } from './kit.model';
import { kitPagePath } from './kits.presenter';
import { anonymiseAfterEvents } from './personal-data.service';
import { RecipientModel, type RecipientDoc } from './recipient.model';

const WEEK_MS = 7 * 86_400_000;

/** The hand-out's mail token, drawn once (unsubscribe and report links in every e-mail). */
async function mailTokenOf(handOut: HandOutDoc): Promise<string> {
  if (handOut.mailToken) return handOut.mailToken;
  const token = randomBytes(24).toString('base64url');
  const doc = await HandOutModel.findOneAndUpdate(
    { _id: handOut._id, mailToken: { $exists: false } },
    { $set: { mailToken: token } },
    { new: true },
  ).lean<HandOutDoc>();
  // Another process drew one first: use theirs.
  return (
    doc?.mailToken ?? (await HandOutModel.findById(handOut._id).lean<HandOutDoc>())!.mailToken!
  );
}

async function mailContext(handOut: HandOutDoc, publicBaseUrl: string) {
  const [kit, kitType, recipient] = await Promise.all([
    KitModel.findById(handOut.kitId).lean(),
    KitTypeModel.findById(handOut.kitTypeId).lean<KitTypeDoc>(),
    handOut.recipientId ? RecipientModel.findById(handOut.recipientId).lean<RecipientDoc>() : null,
  ]);
  const token = await mailTokenOf(handOut);
  return {
    kit,
    kitType,
    recipient,
    unsubscribe: `${publicBaseUrl}/k/unsubscribe/${token}`,
    kitPage: kit ? `${publicBaseUrl}${kitPagePath(kit.serial)}` : publicBaseUrl,
  };
}

/** The receipt of a hand-out, with the game's instructions and a link to confirm the details. */
export async function sendHandOutReceipt(
  handOutId: string,
  now: Date,
  publicBaseUrl: string,
  session?: ClientSession,
) {
  const handOut = await HandOutModel.findById(handOutId).lean<HandOutDoc>();
  if (!handOut?.recipientId) return;
  const { kit, kitType, recipient, kitPage, unsubscribe } = await mailContext(
    handOut,
    publicBaseUrl,
  );
  if (!recipient?.email || !kit || !kitType) return;
  const { link } = await issueClaimLink(handOut._id, recipient.email, now, publicBaseUrl);
  // The instructions: the kit type's link, else its resource's page (as on the kit page).
  const resource =
    !kitType.instructionsUrl && kitType.resourceId
      ? await getResource(kitType.resourceId.toString()).catch(() => undefined)
      : undefined;
  await enqueueMail(
    {
      to: recipient.email,
      template: 'kit-receipt',
      dedupeKey: `kit-receipt:${handOutId}`,
      data: {
        name: recipient.name,
        gameName: kitType.name,
        serial: kit.serial,
        instructionsUrl:
          kitType.instructionsUrl ??
          (resource ? `${publicBaseUrl}${resource.pagePath}` : undefined),
        kitPage,
        confirmLink: link,
        followUp: handOut.consents.followUp.given,
        unsubscribe,
      },
    },
    { session },
  );
}

/**
 * Sends follow-up `week` of one hand-out, at most once: the week is claimed with an
 * atomic update that only matches while it is unclaimed and consent stands, so two
 * processes (or two clicks) cannot both send it; the outbox's dedupe key backs it up.
 */
async function sendFollowUp(
  handOut: HandOutDoc,
  week: number,
  publicBaseUrl: string,
): Promise<boolean> {
  const claimed = await HandOutModel.updateOne(
    {
      _id: handOut._id,
      followUpsSent: { $ne: week },
      'consents.followUp.given': true,
      'consents.followUp.withdrawnAt': { $exists: false },
    },
    { $addToSet: { followUpsSent: week } },
  );
  if (claimed.modifiedCount !== 1) return false;
  try {
    const { kit, kitType, recipient, kitPage, unsubscribe } = await mailContext(
      handOut,
      publicBaseUrl,
    );
    if (!recipient?.email || !kit || !kitType) return false;
    await enqueueMail({
      to: recipient.email,
      template: 'kit-follow-up',
      dedupeKey: `kit-follow-up:${handOut._id.toString()}:${week}`,
      listUnsubscribe: unsubscribe,
      data: {
        name: recipient.name,
        gameName: kitType.name,
        serial: kit.serial,
        weeks: week,
        reportLink: `${kitPage}#report`,
        unsubscribe,
      },
    });
    return true;
  } catch (err) {
    // Not queued: give the week back so the next run tries again.
    await HandOutModel.updateOne({ _id: handOut._id }, { $pull: { followUpsSent: week } });
    throw err;
  }
}

const consenting = {
  kind: 'named',
  recipientId: { $exists: true },
  'consents.followUp.given': true,
  'consents.followUp.withdrawnAt': { $exists: false },
};

/** Every follow-up that is due now (its weeks after the hand-out have passed); returns how many were queued. */
export async function sendDueFollowUps(now: Date, publicBaseUrl: string): Promise<number> {
  let sent = 0;
  for (const kitType of await KitTypeModel.find().lean<KitTypeDoc[]>()) {
    for (const week of kitType.followUpWeeks) {
      const due = await HandOutModel.find({
        ...consenting,
        kitTypeId: kitType._id,
        handedOutAt: { $lte: new Date(now.getTime() - week * WEEK_MS) },
        followUpsSent: { $ne: week },
      })
        .limit(1000)
        .lean<HandOutDoc[]>();
      for (const handOut of due) if (await sendFollowUp(handOut, week, publicBaseUrl)) sent++;
    }
  }
  return sent;
}

/**
 * "Send now" for a selection: each consenting hand-out gets its next unsent follow-up
 * at once (each at most once, as always); the others are skipped and counted.
 */
export async function sendFollowUpsNow(handOutIds: string[], publicBaseUrl: string) {
  const ids = handOutIds
    .filter((id) => /^[0-9a-f]{24}$/i.test(id))
    .map((id) => new Types.ObjectId(id));
  const docs = await HandOutModel.find({ ...consenting, _id: { $in: ids } }).lean<HandOutDoc[]>();
  let sent = 0;
  for (const handOut of docs) {
    const kitType = await KitTypeModel.findById(handOut.kitTypeId).lean<KitTypeDoc>();
    const week = kitType?.followUpWeeks.find((w) => !handOut.followUpsSent.includes(w));
    if (week !== undefined && (await sendFollowUp(handOut, week, publicBaseUrl))) sent++;
  }
  return { sent, skipped: handOutIds.length - sent };
}

/** Withdraws follow-up consent (one click); the same answer for a token used twice. */
export async function unsubscribe(token: string, now: Date): Promise<void> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw unknownLink();
  const doc = await HandOutModel.findOne({ mailToken: token });
  if (!doc) throw unknownLink();
  if (!doc.consents.followUp.withdrawnAt) {
    await HandOutModel.updateOne(
      { _id: doc._id, 'consents.followUp.withdrawnAt': { $exists: false } },
      { $set: { 'consents.followUp.given': false, 'consents.followUp.withdrawnAt': now } },
    );
  }
}

export async function knownMailToken(token: string): Promise<boolean> {
  return (
    /^[A-Za-z0-9_-]{20,64}$/.test(token) && Boolean(await HandOutModel.exists({ mailToken: token }))
  );
}

const unknownLink = () => new AppError('link_invalid', 'This unsubscribe link is not known', 404);

/** Runs the due follow-ups every `intervalMs` (main.ts starts it beside the outbox worker). */
export function createFollowUpScheduler(
  options: {
    clock: () => Date;
    publicBaseUrl: string;
    logger: { error(o: object, m: string): void };
  },
  intervalMs = 15 * 60_000,
) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const tick = () => {
    running ??= sendDueFollowUps(options.clock(), options.publicBaseUrl)
      .then(() => anonymiseAfterEvents(options.clock()))
      .catch((err: unknown) => options.logger.error({ err }, 'kit follow-ups failed'))
      .finally(() => (running = undefined));
  };
  return {
    start() {
      timer ??= setInterval(tick, intervalMs);
      timer.unref();
      tick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
