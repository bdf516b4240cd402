import { definePolicy, isAdmin, isOrganiser, type Actor } from '../../lib/http/policy';

/**
 * Who may do what to accounts, API tokens and capability links.
 *
 * - Accounts (users, their events and projects, invitations) and capability links:
 *   admins alone.
 * - One's own session, password and API tokens: every signed-in organiser, for
 *   themselves only (a token belongs to the account that made it).
 */
export type AccountAction = 'list' | 'read' | 'create' | 'update' | 'delete' | 'invite';
export const accountPolicy = definePolicy<AccountAction, null>({
  list: isAdmin,
  read: isAdmin,
  create: isAdmin,
  update: isAdmin,
  delete: isAdmin,
  invite: isAdmin,
});

export const capabilityLinkPolicy = definePolicy<'list' | 'revoke', null>({
  list: isAdmin,
  revoke: isAdmin,
});

/** Things of one's own account: the subject is the account's id. */
export const selfPolicy = definePolicy<'use', { userId?: string }>({
  use: (actor: Actor, own) => isOrganiser(actor) && (!own.userId || actor.user?.id === own.userId),
});
