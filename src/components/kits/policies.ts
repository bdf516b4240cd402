import { Types } from 'mongoose';
import {
  actorOf,
  authorize,
  definePolicy,
  isAdmin,
  isEventOrganiser,
  isOrganiser,
  manages,
  NOT_YOURS,
  visibilityOf,
  type Actor,
  type Scope,
} from '../../lib/http/policy';
import type { Request } from 'express';
import { KitBatchModel } from './batch.model';
import { HandOutModel } from './hand-out.model';
import { AppError, notFound } from '../../lib/errors';
import { KitTypeModel } from './kit-type.model';
import { findKitTypeDoc } from './kit-types.service';
import { findKitByScan, findKitDoc, kitScope } from './kits.service';

/**
 * Who may do what to kit types, kits, batches, hand-outs and recipients.
 *
 * - Every signed-in organiser reads the inventory (kit types, kits, batches): no
 *   personal data in it.
 * - A kit type is an event-less thing of its project: admins and the project's comms
 *   users change it, make its kits and print its labels (a kit type of no project: admins).
 * - A hand-out belongs to its event, or — without one — to its kit type's project; it is
 *   recorded (and imported) by whoever manages that scope. Facilitators record none.
 * - Recipients are personal data: hand-out lists and exports show only the hand-outs of
 *   the actor's events (and event-less ones of their projects); asking for another
 *   event's is refused. Exporting or anonymising one recipient, and the sweep over
 *   every event, are for admins.
 */
export type InventoryAction = 'read' | 'organise' | 'create' | 'update';
export type HandOutAction = 'record' | 'read';

export const inventoryPolicy = definePolicy<InventoryAction, Scope>({
  read: isOrganiser,
  /** Reaching the management routes at all (each then asks about its thing's scope). */
  organise: isEventOrganiser,
  create: manages,
  update: manages,
});

export const handOutPolicy = definePolicy<HandOutAction, Scope>({
  record: manages,
  read: manages,
});

export type RecipientAction = 'export' | 'anonymise' | 'sweep';
export const recipientPolicy = definePolicy<RecipientAction, null>({
  export: isAdmin,
  anonymise: isAdmin,
  sweep: isAdmin,
});

/** Reports of counts (no people in them): every event organiser; one event's, its managers. */
export const reportPolicy = definePolicy<'read', Scope>({
  read: (actor, scope) => (scope.eventId ? manages(actor, scope) : isEventOrganiser(actor)),
});

const isObjectId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

/** A kit type's scope: its project (none: only admins manage it). 404 for an unknown kit type. */
export async function kitTypeScope(kitTypeId: string): Promise<Scope> {
  const kitType = await findKitTypeDoc(kitTypeId);
  return { eventId: null, projectIds: kitType.projectId ? [kitType.projectId.toString()] : [] };
}

/** A batch's scope: its event, else its kit type's project. 404 for an unknown batch. */
export async function batchScope(batchId: string): Promise<Scope> {
  const batch = isObjectId(batchId)
    ? await KitBatchModel.findById(batchId, { eventId: 1, kitTypeId: 1 }).lean()
    : null;
  if (!batch) throw notFound('Batch', 'batch_not_found');
  if (batch.eventId) return { eventId: batch.eventId.toString() };
  return kitTypeScope(batch.kitTypeId.toString());
}

/**
 * Where a new hand-out is recorded: the event it names, else the scope of the kit (or
 * kit type) it hands out. Unknown kits and kit types answer 404 as the hand-out would.
 */
export async function handOutScope(
  eventId: string | undefined,
  of: { kitTypeId?: string; kitId?: string; code?: string },
): Promise<Scope> {
  if (eventId) return { eventId: eventId.toLowerCase() };
  if (of.kitId) return (await kitScope((await findKitDoc(of.kitId))._id.toString())) ?? {};
  if (of.code) return (await kitScope((await findKitByScan(of.code))._id.toString())) ?? {};
  if (of.kitTypeId) return kitTypeScope(of.kitTypeId);
  throw new AppError('kit_required', 'Scan or type a kit code, or choose a kit type', 400);
}

/** Refuses unless `allowed`; 401 for nobody, 403 "You do not manage this event" otherwise. */
export function allowOrRefuse(req: Request, allowed: boolean): void {
  authorize(actorOf(req), allowed, NOT_YOURS);
}

/** Refuses a hand-out unless the actor manages where it is recorded. */
export async function assertMayRecord(
  req: Request,
  eventId: string | undefined,
  of: Parameters<typeof handOutScope>[1],
): Promise<void> {
  const scope = await handOutScope(eventId, of);
  allowOrRefuse(req, handOutPolicy.may(actorOf(req), 'record', scope));
}

/** Refuses a change to a kit type (its kits, labels, imports) unless the actor manages it. */
export async function assertMayChangeKitType(req: Request, kitTypeId: string): Promise<void> {
  allowOrRefuse(req, inventoryPolicy.may(actorOf(req), 'update', await kitTypeScope(kitTypeId)));
}

/**
 * The hand-outs an actor may see, as a query filter: everything for admins; for comms
 * users those of their events and the event-less ones of their projects' kit types.
 * Asking for one event (`eventId`) outside them is refused.
 */
export async function visibleHandOuts(
  actor: Actor,
  eventId?: string,
): Promise<Record<string, unknown>> {
  if (eventId) {
    authorize(
      actor,
      handOutPolicy.may(actor, 'read', { eventId: eventId.toLowerCase() }),
      NOT_YOURS,
    );
    return { eventId: new Types.ObjectId(eventId) };
  }
  const visible = visibilityOf(actor);
  if (visible.all) return {};
  const kitTypes = await KitTypeModel.find(
    { projectId: { $in: visible.projectIds.map((id) => new Types.ObjectId(id)) } },
    { _id: 1 },
  ).lean();
  return {
    $or: [
      { eventId: { $in: visible.eventIds.map((id) => new Types.ObjectId(id)) } },
      { eventId: null, kitTypeId: { $in: kitTypes.map((k) => k._id) } },
    ],
  };
}

/** Whether every one of these hand-outs is one the actor may see. */
export async function maySeeHandOuts(
  actor: Actor,
  handOutIds: readonly string[],
): Promise<boolean> {
  const visible = await visibleHandOuts(actor);
  const ids = handOutIds.filter(isObjectId).map((id) => new Types.ObjectId(id));
  const [existing, seen] = await Promise.all([
    HandOutModel.countDocuments({ _id: { $in: ids } }),
    HandOutModel.countDocuments({ $and: [{ _id: { $in: ids } }, visible] }),
  ]);
  return seen === existing;
}
