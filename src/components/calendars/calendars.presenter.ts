import type { CalendarSubscriptionDoc } from './subscription.model';

export type CalendarSubscriptionView = {
  id: string;
  ownerUserId: string;
  scope: CalendarSubscriptionDoc['scope'];
  resourceId: string;
  label: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

/** The stored link without its token hash. */
export function toSubscriptionView(doc: CalendarSubscriptionDoc): CalendarSubscriptionView {
  return {
    id: doc._id.toString(),
    ownerUserId: doc.ownerUserId.toString(),
    scope: doc.scope,
    resourceId: doc.resourceId,
    label: doc.label,
    createdAt: doc.createdAt,
    revokedAt: doc.revokedAt ?? null,
    lastUsedAt: doc.lastUsedAt ?? null,
  };
}

/**
 * The two spellings of a feed address: the web address (https in any real
 * deployment; plain http only when the public base URL is a local http one) and
 * webcal://, which makes calendar apps offer to subscribe.
 */
export function feedLinks(baseUrl: string, token: string): { https: string; webcal: string } {
  const https = new URL(`/cal/${token}.ics`, baseUrl).href;
  return { https, webcal: https.replace(/^https?:/, 'webcal:') };
}
