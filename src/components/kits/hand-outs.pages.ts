import { Router, type Request, type Response } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import { actorOf, guardBy } from '../../lib/http/policy';
import {
  allowOrRefuse,
  inventoryPolicy,
  maySeeHandOuts,
  recipientPolicy,
  visibleHandOuts,
} from './policies';
import type { PageRenderer } from '../../lib/http/pages';
import { formatDateTime } from '../../lib/time-format';
import { getEvent } from '../events';
import { sendFollowUpsNow } from './follow-ups.service';
import { anonymiseRecipient } from './personal-data.service';
import { HandOutModel, type HandOutDoc } from './hand-out.model';
import { KitTypeModel, type KitTypeDoc } from './kit-type.model';
import { KitModel } from './kit.model';
import { RecipientModel, type RecipientDoc } from './recipient.model';
import { idParam } from '../../lib/http/params';
import { PageRouter } from '../../lib/http/page-router';

const comms = [guardBy((actor) => inventoryPolicy.may(actor, 'organise', {}), {})];
const PER_PAGE = 50;
const WEEK_MS = 7 * 86_400_000;
const objectId = z.string().regex(/^[0-9a-f]{24}$/i);

const listQuery = z.object({
  kitTypeId: objectId.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  sent: z.coerce.number().int().min(0).optional().catch(undefined),
  skipped: z.coerce.number().int().min(0).optional().catch(undefined),
  anonymised: z.literal('1').optional().catch(undefined),
});

const sendNowForm = z.strictObject({
  _csrf: z.string().optional(),
  kitTypeId: z.union([objectId, z.literal('')]).optional(),
  handOutIds: z.union([objectId, z.array(objectId).max(1000)]).optional(),
});

const recipientParams = z.object({ id: idParam('Recipient') });

/** Where a hand-out's follow-ups stand: consent, weeks sent, and the next one's day. */
function followUpState(h: HandOutDoc, type: KitTypeDoc | undefined, zone: string) {
  const weeks = type?.followUpWeeks ?? [];
  const withdrawn = h.consents.followUp.withdrawnAt;
  const consenting = h.consents.followUp.given && !withdrawn && Boolean(h.recipientId);
  const next = weeks.find((w) => !h.followUpsSent.includes(w));
  const nextAt =
    consenting && next !== undefined && h.handedOutAt
      ? new Date(h.handedOutAt.getTime() + next * WEEK_MS)
      : undefined;
  return {
    consent: withdrawn ? 'Withdrawn' : h.consents.followUp.given ? 'Yes' : 'No',
    sentWeeks: h.followUpsSent.length
      ? [...h.followUpsSent].sort((a, b) => a - b).join(', ')
      : 'None',
    next: nextAt ? `Week ${next}: ${formatDateTime(nextAt, zone).split(',')[0]}` : '—',
    selectable: consenting && next !== undefined,
  };
}

/** The organisers' list of named hand-outs: recipients, follow-up schedule, "send now" for a selection. */
export function createHandOutListPages(context: AppContext, render: PageRenderer): Router {
  const router = Router();
  const base = () => context.config.publicBaseUrl;

  const list = async (req: Request, res: Response, query: z.output<typeof listQuery>) => {
    // Recipients are personal data: only the hand-outs of the actor's events.
    const filter: Record<string, unknown> = {
      kind: 'named',
      ...(await visibleHandOuts(actorOf(req))),
    };
    if (query.kitTypeId) filter.kitTypeId = new Types.ObjectId(query.kitTypeId);
    const [docs, total, kitTypes] = await Promise.all([
      HandOutModel.find(filter)
        .sort({ handedOutAt: -1, _id: -1 })
        .skip((query.page - 1) * PER_PAGE)
        .limit(PER_PAGE)
        .lean<HandOutDoc[]>(),
      HandOutModel.countDocuments(filter),
      KitTypeModel.find({}).sort({ name: 1 }).lean<KitTypeDoc[]>(),
    ]);
    const [kits, recipients] = await Promise.all([
      KitModel.find({ _id: { $in: docs.flatMap((d) => d.kitId ?? []) } }, { serial: 1 }).lean(),
      RecipientModel.find({
        _id: { $in: docs.flatMap((d) => d.recipientId ?? []) },
      }).lean<RecipientDoc[]>(),
    ]);
    const zones = new Map<string, string>();
    for (const id of new Set(docs.flatMap((d) => (d.eventId ? [d.eventId.toString()] : []))))
      zones.set(id, (await getEvent(id).catch(() => undefined))?.timeZone ?? 'UTC');
    const serial = new Map(kits.map((k) => [k._id.toString(), k.serial]));
    const person = new Map(recipients.map((r) => [r._id.toString(), r]));
    const type = new Map(kitTypes.map((t) => [t._id.toString(), t]));
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    const link = (page: number) =>
      `/kits/hand-outs?${new URLSearchParams({
        ...(query.kitTypeId ? { kitTypeId: query.kitTypeId } : {}),
        page: String(page),
      }).toString()}`;
    render(req, res, 'kits/hand-outs', {
      title: 'Hand-outs and follow-ups',
      styles: ['/static/css/kits.css'],
      kitTypes: kitTypes.map((t) => ({
        id: t._id.toString(),
        name: t.name,
        selected: t._id.toString() === query.kitTypeId,
        weeks: t.followUpWeeks.join(' and '),
      })),
      kitTypeId: query.kitTypeId ?? '',
      isAdmin: currentUser(req).role === 'admin',
      anonymised: query.anonymised,
      sent: query.sent,
      skipped: query.skipped,
      total,
      page: query.page,
      pages,
      previous: query.page > 1 ? link(query.page - 1) : undefined,
      next: query.page < pages ? link(query.page + 1) : undefined,
      rows: docs.map((h) => {
        const zone = (h.eventId && zones.get(h.eventId.toString())) || 'UTC';
        const r = h.recipientId ? person.get(h.recipientId.toString()) : undefined;
        const who = [r?.name, r?.organisation].filter(Boolean).join(', ');
        return {
          id: h._id.toString(),
          serial: h.kitId ? serial.get(h.kitId.toString()) : undefined,
          handedOutAt: h.handedOutAt ? formatDateTime(h.handedOutAt, zone) : '—',
          recipient: r?.anonymisedAt ? 'Anonymised' : who || 'Not recorded',
          recipientId: r && !r.anonymisedAt ? r._id.toString() : undefined,
          place: [h.city, h.country].filter(Boolean).join(', ') || '—',
          registered: Boolean(h.confirmedAt),
          ...followUpState(h, type.get(h.kitTypeId.toString()), zone),
        };
      }),
    });
  };

  const pages = new PageRouter(router);
  pages.get(
    '/kits/hand-outs',
    { guards: [requireSignedInPage, ...comms], query: listQuery },
    (req, res, { query }) => list(req, res, query),
  );
  pages.post(
    '/kits/hand-outs/send-now',
    {
      guards: comms,
      body: sendNowForm,
      invalidBody: () => {
        throw new AppError('validation_failed', 'The selection could not be read', 400);
      },
    },
    async (req, res, { body }) => {
      const ids = body.handOutIds;
      const selected = ids === undefined ? [] : Array.isArray(ids) ? ids : [ids];
      if (!selected.length)
        throw new AppError('nothing_selected', 'Select at least one hand-out to send to', 400);
      allowOrRefuse(req, await maySeeHandOuts(actorOf(req), selected));
      const result = await sendFollowUpsNow(selected, base());
      const back = new URLSearchParams({
        ...(body.kitTypeId ? { kitTypeId: body.kitTypeId } : {}),
        sent: String(result.sent),
        skipped: String(result.skipped),
      });
      // After a post, a redirect: reloading the page does not send again.
      res.redirect(303, `/kits/hand-outs?${back.toString()}`);
    },
  );
  // A personal-data request from the page: the same anonymisation as DELETE /api/recipients/{id}.
  pages.post(
    '/kits/recipients/:id/anonymise',
    {
      guards: [guardBy((actor) => recipientPolicy.may(actor, 'anonymise', null), {})],
      params: recipientParams,
    },
    async (_req, res, { params }) => {
      await anonymiseRecipient(params.id, context.clock());
      res.redirect(303, '/kits/hand-outs?anonymised=1');
    },
  );
  return router;
}
