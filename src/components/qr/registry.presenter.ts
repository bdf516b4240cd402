import type { PostcardDoc } from './postcard.model';
import type { QrCodeDoc, QrKind, QrTargetType } from './qr-code.model';
import type { ResourceDoc, ResourceType } from './resource.model';

/** Documents → the plain objects services return and the API sends (`id`, no internals). */

export const mediaPath = (fileId: { toString(): string }) => `/media/${fileId.toString()}`;

export type ResourceView = {
  id: string;
  projectId: string;
  deliverableCode?: string;
  title: string;
  type: ResourceType;
  language: string;
  description?: string;
  publishedOn?: string;
  dateKind: 'published' | 'due';
  /** Same-origin address of the cover image, when there is one. */
  coverUrl?: string;
  /** Same-origin address of the uploaded PDF, when there is one. */
  documentUrl?: string;
  externalUrl?: string;
  eventIds: string[];
  qrCodeId?: string;
  /** The public landing page. */
  pagePath: string;
  createdAt: Date;
  updatedAt: Date;
};

export function toResourceView(doc: ResourceDoc): ResourceView {
  return {
    id: doc._id.toString(),
    projectId: doc.projectId.toString(),
    deliverableCode: doc.deliverableCode,
    title: doc.title,
    type: doc.type,
    language: doc.language,
    description: doc.description,
    publishedOn: doc.publishedOn,
    dateKind: doc.dateKind ?? 'published',
    coverUrl: doc.coverFileId && mediaPath(doc.coverFileId),
    documentUrl: doc.documentFileId && mediaPath(doc.documentFileId),
    externalUrl: doc.externalUrl,
    eventIds: (doc.eventIds ?? []).map(String),
    qrCodeId: doc.qrCodeId?.toString(),
    pagePath: `/r/${doc._id.toString()}`,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export type PostcardView = {
  id: string;
  city: string;
  country: string;
  projectId: string;
  story?: string;
  linkUrl?: string;
  linkLabel?: string;
  language: string;
  frontUrl?: string;
  eventIds: string[];
  qrCodeId?: string;
  pagePath: string;
  createdAt: Date;
  updatedAt: Date;
};

export function toPostcardView(doc: PostcardDoc): PostcardView {
  return {
    id: doc._id.toString(),
    city: doc.city,
    country: doc.country,
    projectId: doc.projectId.toString(),
    story: doc.story,
    linkUrl: doc.linkUrl,
    linkLabel: doc.linkLabel,
    language: doc.language,
    frontUrl: doc.frontFileId && mediaPath(doc.frontFileId),
    eventIds: (doc.eventIds ?? []).map(String),
    qrCodeId: doc.qrCodeId?.toString(),
    pagePath: `/p/${doc._id.toString()}`,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export type QrTargetView =
  | { type: Exclude<QrTargetType, 'url' | 'none'>; id: string }
  | { type: 'url'; url: string }
  | { type: 'none' };

export type QrCodeView = {
  id: string;
  code: string;
  kind: QrKind;
  label: string;
  /** The full short address, as a link (no ?s=qr: that marks the printed symbol). */
  url: string;
  /** What the printed QR symbol encodes: `url` + `?s=qr`. */
  qrUrl: string;
  svgUrl: string;
  pngUrl: string;
  target: QrTargetView;
  eventId?: string;
  projectId?: string;
  zoneId?: string;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export function toQrTargetView(target: QrCodeDoc['target']): QrTargetView {
  if (target.type === 'url') return { type: 'url', url: target.url ?? '' };
  if (target.type === 'none' || !target.refId) return { type: 'none' };
  return { type: target.type, id: target.refId.toString() };
}

export function toQrCodeView(doc: QrCodeDoc, publicBaseUrl: string): QrCodeView {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    id: doc._id.toString(),
    code: doc.code,
    kind: doc.kind,
    label: doc.label,
    url: `${base}/q/${doc.code}`,
    qrUrl: `${base}/q/${doc.code}?s=qr`,
    svgUrl: `${base}/qr/${doc.code}.svg`,
    pngUrl: `${base}/qr/${doc.code}.png`,
    target: toQrTargetView(doc.target),
    eventId: doc.eventId?.toString(),
    projectId: doc.projectId?.toString(),
    zoneId: doc.zoneId?.toString(),
    enabled: doc.enabled,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}
