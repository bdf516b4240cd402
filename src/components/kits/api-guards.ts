import { guardBy } from '../../lib/http/policy';
import { inventoryPolicy, recipientPolicy } from './policies';

/**
 * The first gate of the kits API and pages, before a route looks at the thing's own
 * scope: reading the inventory is for every organiser; changing it, for event organisers.
 */
export const inventoryReaders = [guardBy((actor) => inventoryPolicy.may(actor, 'read', {}), {})];
export const inventoryOrganisers = [
  guardBy((actor) => inventoryPolicy.may(actor, 'organise', {}), {}),
];
/** Personal data of recipients across events (export, anonymise): admins. */
export const recipientAdmins = [guardBy((actor) => recipientPolicy.may(actor, 'export', null), {})];
/** The follow-up sweep over every event: admins. */
export const followUpSweepers = [guardBy((actor) => recipientPolicy.may(actor, 'sweep', null), {})];
