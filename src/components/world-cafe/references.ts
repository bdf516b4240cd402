import { Types } from 'mongoose';
import { referencesFrom, type ReferencesPort } from '../../lib/component';
import { WorldCafeSessionModel } from './session.model';
import { WorldCafeTableModel } from './table.model';

const oid = (id: string) => (Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : null);

/** What the World Café holds of other components' things: a session's event, a table's lead project. */
export const worldCafeReferences: ReferencesPort = referencesFrom({
  event: [
    {
      kind: 'world-cafe-session',
      label: 'World Café sessions',
      count: (id) => WorldCafeSessionModel.countDocuments({ eventId: oid(id) }),
      href: (id) => `/world-cafe/events/${id}/sessions`,
    },
  ],
  project: [
    {
      kind: 'world-cafe-table',
      label: 'World Café tables',
      count: (id) => WorldCafeTableModel.countDocuments({ leadProjectId: oid(id) }),
      href: () => '/world-cafe',
    },
  ],
});
