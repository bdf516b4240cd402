import type { QrKind } from './qr-code.model';

/** How each kind of code is named on pages. */
export const QR_KIND_LABELS: Record<QrKind, string> = {
  resource: 'Resource',
  postcard: 'City postcard',
  kit: 'Game kit',
  table: 'World Café table',
  'stand-poster': 'Stand poster',
  'event-page': 'Event page',
  other: 'Other',
};
