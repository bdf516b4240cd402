import { definePolicy, isAdmin } from '../../lib/http/policy';

/**
 * Who may see and steer the outbox and the local mail folder: admins alone (messages
 * of every event, with their recipients' addresses).
 */
export const outboxPolicy = definePolicy<'read' | 'retry' | 'cancel', null>({
  read: isAdmin,
  retry: isAdmin,
  cancel: isAdmin,
});
