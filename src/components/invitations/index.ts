import { Router } from 'express';
import { noStreams, nothingToStop, type Component } from '../../lib/component';
import type { AppContext } from '../../lib/context';
import { createInvitationPages } from './invitations.pages';
import { createInvitationsApi } from './invitations.routes';

/**
 * Invitations: e-mails inviting people to a programme item, joining the other
 * output engines — an .ics REQUEST from calendars, the programme PDF from print,
 * delivery through the mail outbox.
 */
export type InvitationsComponent = Component<{ main: Router }, Record<string, never>>;

/** Needs no ports. */
export function createInvitationsComponent(context: AppContext): InvitationsComponent {
  const main = Router().use(createInvitationsApi(context)).use(createInvitationPages(context));
  return { routers: { main }, ports: {}, jobs: [], endStreams: noStreams, stop: nothingToStop };
}

export {
  sendProgrammeItemInvitations,
  formatItemTime,
  INVITATION_TEMPLATE,
  type InvitationRequest,
  type InvitationsQueued,
} from './invitations.service';
export { MAX_ATTENDEES, MAX_MESSAGE_LENGTH } from './invitations.schemas';
