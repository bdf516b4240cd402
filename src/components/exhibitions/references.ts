import { Types } from 'mongoose';
import { referencesFrom, type ReferencesPort } from '../../lib/component';
import type { ZoneName, ZoneNameLookup } from '../qr';
import { FilmModel } from './film.model';
import { MaterialModel } from './material.model';
import { StandModel } from './stand.model';
import { countStandsOfEvent, countStandsOfProject, countStandsWithPerson } from './stands.service';

const oid = (id: string) => (Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : null);

/** What stands hold of other components' things: their event, cluster, projects and people. */
export const exhibitionsReferences: ReferencesPort = referencesFrom({
  event: [{ kind: 'stand', label: 'Stands', count: countStandsOfEvent, href: () => '/stands' }],
  cluster: [
    {
      kind: 'stand',
      label: 'Stands',
      count: (id) => StandModel.countDocuments({ clusterId: oid(id) }),
      href: () => '/stands',
    },
  ],
  project: [
    { kind: 'stand', label: 'Stands', count: countStandsOfProject, href: () => '/stands' },
    {
      kind: 'stand-film',
      label: 'Stand films',
      count: (id) => FilmModel.countDocuments({ projectId: oid(id) }),
      href: () => '/stands',
    },
    {
      kind: 'stand-material',
      label: 'Stand materials',
      count: (id) => MaterialModel.countDocuments({ ownerProjectId: oid(id) }),
      href: () => '/stands',
    },
  ],
  person: [{ kind: 'stand', label: 'Stands', count: countStandsWithPerson, href: () => '/stands' }],
});

/** Names of stand zones for the QR analytics ("Zone Games corner"), with the stand's event. */
export const zoneNamesOfStands: ZoneNameLookup = async (zoneIds) => {
  const ids = zoneIds.map(oid).filter((id): id is Types.ObjectId => id !== null);
  const names = new Map<string, ZoneName>();
  if (ids.length === 0) return names;
  const stands = await StandModel.find(
    { 'zones._id': { $in: ids } },
    { eventId: 1, zones: 1 },
  ).lean<{ eventId: Types.ObjectId; zones: { _id: Types.ObjectId; name: string }[] }[]>();
  const wanted = new Set(ids.map(String));
  for (const stand of stands) {
    for (const zone of stand.zones) {
      const id = zone._id.toString();
      if (wanted.has(id)) names.set(id, { name: zone.name, eventId: stand.eventId.toString() });
    }
  }
  return names;
};
