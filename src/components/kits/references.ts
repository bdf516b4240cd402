import { Types } from 'mongoose';
import { referencesFrom, type ReferencesPort } from '../../lib/component';
import { KitBatchModel } from './batch.model';
import { HandOutModel } from './hand-out.model';
import { KitTypeModel } from './kit-type.model';

const oid = (id: string) => (Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : null);

/**
 * What kits hold of other components' things: a kit type's project and its
 * resource (the game's page in the registry), a batch's and a hand-out's event.
 * (Hand-outs and play reports keep a city by name, as text, not a city's id.)
 */
export const kitsReferences: ReferencesPort = referencesFrom({
  project: [
    {
      kind: 'kit-type',
      label: 'Kit types',
      count: (id) => KitTypeModel.countDocuments({ projectId: oid(id) }),
      href: () => '/kits',
    },
  ],
  resource: [
    {
      kind: 'kit-type',
      label: 'Kit types',
      count: (id) => KitTypeModel.countDocuments({ resourceId: oid(id) }),
      href: () => '/kits',
    },
  ],
  event: [
    {
      kind: 'kit-batch',
      label: 'Kit batches',
      count: (id) => KitBatchModel.countDocuments({ eventId: oid(id) }),
      href: () => '/kits',
    },
    {
      kind: 'kit-hand-out',
      label: 'Kit hand-outs',
      count: (id) => HandOutModel.countDocuments({ eventId: oid(id) }),
      href: () => '/kits',
    },
  ],
});
