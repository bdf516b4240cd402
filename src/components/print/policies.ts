import {
  definePolicy,
  isEventOrganiser,
  isOrganiser,
  manages,
  type Scope,
} from '../../lib/http/policy';

/**
 * Who may print what. Printouts show what the public pages show, with two exceptions.
 *
 * - Programmes, stand posters and packing lists: every signed-in organiser.
 * - Label sheets, resource posters and postcard runs (print jobs that cost paper):
 *   admins and comms users.
 * - A stand rota with the team's phone numbers: only the managers of the stand's event.
 */
export type PrintAction = 'read' | 'print' | 'printContacts';

export const printPolicy = definePolicy<PrintAction, Scope>({
  read: isOrganiser,
  print: isEventOrganiser,
  printContacts: manages,
});
