import type { KitBatchDoc } from './batch.model';
import type { HandOutDoc } from './hand-out.model';
import type { KitTypeDoc } from './kit-type.model';
import type { KitDoc } from './kit.model';
import type { RecipientDoc } from './recipient.model';
import type { PLAY_SETTINGS } from './play-report.model';

/** Documents → what services return and the API sends (`id`, no internals). */

export type KitTypeView = {
  id: string;
  name: string;
  projectId?: string;
  description?: string;
  instructionsUrl?: string;
  resourceId?: string;
  serialPrefix: string;
  followUpWeeks: number[];
  anonymiseAfterDays?: number;
  createdAt: Date;
};

export function toKitTypeView(doc: KitTypeDoc): KitTypeView {
  return {
    id: doc._id.toString(),
    name: doc.name,
    projectId: doc.projectId?.toString(),
    description: doc.description,
    instructionsUrl: doc.instructionsUrl,
    resourceId: doc.resourceId?.toString(),
    serialPrefix: doc.serialPrefix,
    followUpWeeks: doc.followUpWeeks,
    anonymiseAfterDays: doc.anonymiseAfterDays,
    createdAt: doc.createdAt,
  };
}

export type KitView = {
  id: string;
  kitTypeId: string;
  batchId?: string;
  serial: string;
  status: KitDoc['status'];
  qrCodeId: string;
  qrCode: string;
  handOutId?: string;
  /** The public page the box's QR code leads to. */
  pagePath: string;
};

export const kitPagePath = (serial: string) => `/k/${encodeURIComponent(serial)}`;

export function toKitView(doc: KitDoc): KitView {
  return {
    id: doc._id.toString(),
    kitTypeId: doc.kitTypeId.toString(),
    batchId: doc.batchId?.toString(),
    serial: doc.serial,
    status: doc.status,
    qrCodeId: doc.qrCodeId.toString(),
    qrCode: doc.qrCode,
    handOutId: doc.handOutId?.toString(),
    pagePath: kitPagePath(doc.serial),
  };
}

export type BatchView = {
  id: string;
  kitTypeId: string;
  label: string;
  quantity: number;
  location: KitBatchDoc['location'];
  eventId?: string;
  moves: { location: string; at: Date; note?: string }[];
};

export function toBatchView(doc: KitBatchDoc): BatchView {
  return {
    id: doc._id.toString(),
    kitTypeId: doc.kitTypeId.toString(),
    label: doc.label,
    quantity: doc.quantity,
    location: doc.location,
    eventId: doc.eventId?.toString(),
    moves: doc.moves.map((m) => ({ location: m.location, at: m.at, note: m.note })),
  };
}

export type HandOutView = {
  id: string;
  kind: HandOutDoc['kind'];
  kitTypeId: string;
  kitId?: string;
  serial?: string;
  eventId?: string;
  recipientId?: string;
  clientId?: string;
  count: number;
  countQualifier: HandOutDoc['countQualifier'];
  city?: string;
  country?: string;
  consents: {
    followUp: { given: boolean; textVersion: string; at: Date; withdrawnAt?: Date };
    newsletter: { given: boolean; textVersion: string; at: Date; withdrawnAt?: Date };
  };
  handedOutAt?: Date;
  source: HandOutDoc['source'];
  note?: string;
  confirmedAt?: Date;
};

export function toHandOutView(doc: HandOutDoc, serial?: string): HandOutView {
  return {
    id: doc._id.toString(),
    kind: doc.kind,
    kitTypeId: doc.kitTypeId.toString(),
    kitId: doc.kitId?.toString(),
    serial,
    eventId: doc.eventId?.toString(),
    recipientId: doc.recipientId?.toString(),
    clientId: doc.clientId,
    count: doc.count,
    countQualifier: doc.countQualifier,
    city: doc.city,
    country: doc.country,
    consents: doc.consents,
    handedOutAt: doc.handedOutAt,
    source: doc.source,
    note: doc.note,
    confirmedAt: doc.confirmedAt,
  };
}

export type RecipientView = {
  id: string;
  name?: string;
  organisation?: string;
  role?: string;
  email?: string;
  city?: string;
  country?: string;
  anonymisedAt?: Date;
};

export function toRecipientView(doc: RecipientDoc): RecipientView {
  return {
    id: doc._id.toString(),
    name: doc.name,
    organisation: doc.organisation,
    role: doc.role,
    email: doc.email,
    city: doc.city,
    country: doc.country,
    anonymisedAt: doc.anonymisedAt,
  };
}

/** "more than 250", "at least 3", "12": a figure as its source gives it. */
export function countLabel(count: number, qualifier: HandOutDoc['countQualifier']): string {
  if (qualifier === 'more-than') return `more than ${count}`;
  if (qualifier === 'at-least') return `at least ${count}`;
  return String(count);
}

/** How a play report's setting reads on the kit page and the evidence page. */
export const PLAY_SETTING_LABELS: Record<(typeof PLAY_SETTINGS)[number], string> = {
  'municipal-team': 'Municipal team',
  'workshop-with-residents': 'Workshop with residents',
  school: 'School',
  university: 'University',
  'project-meeting': 'Project meeting',
  other: 'Other',
};
