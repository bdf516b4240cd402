import { Types } from 'mongoose';
import { referencesFrom, type ReferencesPort } from '../../lib/component';
import { PostcardModel } from './postcard.model';
import { QrCodeModel } from './qr-code.model';
import { ResourceModel } from './resource.model';

const oid = (id: string) => (Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : null);

/**
 * What the registry holds of other components' things: resources and postcards
 * belong to a project and may be placed at events; codes are placed at an event,
 * a project and a stand zone. The owner of the project or event asks this before
 * it deletes. A zone is the exception: a code's zone is set through the zone itself
 * (its list of codes), so deleting the zone takes it off its codes instead.
 */
export const qrReferences: ReferencesPort = referencesFrom({
  project: [
    {
      kind: 'qr-resource',
      label: 'Resources',
      count: (id) => ResourceModel.countDocuments({ projectId: oid(id) }),
      href: (id) => `/qr/resources?projectId=${id}`,
    },
    {
      kind: 'qr-postcard',
      label: 'City postcards',
      count: (id) => PostcardModel.countDocuments({ projectId: oid(id) }),
      href: (id) => `/qr/postcards?projectId=${id}`,
    },
    {
      kind: 'qr-code',
      label: 'QR codes',
      count: (id) => QrCodeModel.countDocuments({ projectId: oid(id) }),
      href: (id) => `/qr/codes?projectId=${id}`,
    },
  ],
  event: [
    {
      kind: 'qr-resource',
      label: 'Resources',
      count: (id) => ResourceModel.countDocuments({ eventIds: oid(id) }),
      href: (id) => `/qr/resources?eventId=${id}`,
    },
    {
      kind: 'qr-postcard',
      label: 'City postcards',
      count: (id) => PostcardModel.countDocuments({ eventIds: oid(id) }),
      href: (id) => `/qr/postcards?eventId=${id}`,
    },
    {
      kind: 'qr-code',
      label: 'QR codes',
      // Placed at the event, or leading to its page: either is printed somewhere.
      count: (id) =>
        QrCodeModel.countDocuments({
          $or: [{ eventId: oid(id) }, { 'target.type': 'event', 'target.refId': oid(id) }],
        }),
      href: (id) => `/qr/codes?eventId=${id}`,
    },
  ],
});
