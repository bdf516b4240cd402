import { getEvent, type EventView } from '../events';
import { notFound } from '../../lib/errors';
import { isObjectIdString } from './problems';
import { StandModel, type StandDoc } from './stand.model';

/** A stand with the event it belongs to: every rule about time needs the event's zone and dates. */
export type StandContext = { stand: StandDoc; event: EventView };

/** 404 `not_found` for an unknown or malformed stand id. */
export async function loadStandDoc(standId: string): Promise<StandDoc> {
  if (!isObjectIdString(standId)) throw notFound('Stand');
  const stand = await StandModel.findById(standId).lean<StandDoc>();
  if (!stand) throw notFound('Stand');
  return stand;
}

export async function loadStandContext(standId: string): Promise<StandContext> {
  const stand = await loadStandDoc(standId);
  return { stand, event: await getEvent(stand.eventId.toString()) };
}
