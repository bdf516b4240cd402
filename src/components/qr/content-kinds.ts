import type { Types } from 'mongoose';
import type { ReferencesPort } from '../../lib/component';
import type { z } from 'zod';
import { text, type FieldSpec, type FormValues } from '../../lib/forms';
import {
  createPostcard,
  deletePostcard,
  getPostcard,
  listPostcards,
  setPostcardFront,
  updatePostcard,
} from './postcards.service';
import type { PostcardView, ResourceView } from './registry.presenter';
import {
  createPostcardBody,
  createResourceBody,
  updatePostcardBody,
  updateResourceBody,
} from './registry.schemas';
import { RESOURCE_TYPES } from './resource.model';
import {
  createResource,
  deleteResource,
  getResource,
  listResources,
  setResourceFile,
  updateResource,
} from './resources.service';

/** The two kinds of content the organiser pages manage: resources and city postcards. */
export const PAGE_SIZE = 20;

export type Choices = { projects: FieldSpec['options']; events: FieldSpec['options'] };

const optional = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

export type Kind<V extends { id: string }> = {
  noun: string;
  plural: string;
  base: string;
  fileFields: { name: string; label: string; purpose: 'image' | 'pdf' }[];
  fields: (c: Choices) => FieldSpec[];
  valuesOf: (record: V) => FormValues;
  /** Form values → the API input (the same zod schemas as the API). */
  toInput: (values: FormValues, record?: V) => Record<string, unknown>;
  createSchema: z.ZodType;
  updateSchema: z.ZodType;
  create: (input: never, base: string) => Promise<V>;
  update: (id: string, input: never) => Promise<V>;
  remove: (id: string, references: ReferencesPort) => Promise<void>;
  get: (id: string) => Promise<V>;
  list: (page: number) => Promise<{ items: V[]; total: number }>;
  nameOf: (record: V) => string;
  columns: string[];
  cells: (
    record: V,
    projects: Map<string, string>,
  ) => { label: string; text: string; href?: string }[];
  /** Attaches stored files; returns the ids they replace (deleted afterwards). */
  attach: (
    id: string,
    files: Record<string, Types.ObjectId>,
    values: FormValues,
  ) => Promise<(Types.ObjectId | undefined)[]>;
  current: (
    record: V,
  ) => { label: string; href: string; image?: boolean; alt?: string; text?: string }[];
  emptyText: string;
  links: { href: string; label: string }[];
  deleteConsequence: string;
  duplicate: { field: string };
  eventOf: (values: FormValues) => string | undefined;
};

/** The form shows a record's first event; further ones (set through the API or an import) stay. */
const eventIdsOf = (v: FormValues, record?: { eventIds: string[] }) => [
  ...new Set([
    ...(text(v, 'eventId') ? [text(v, 'eventId')] : []),
    ...(record?.eventIds.slice(1) ?? []),
  ]),
];

const languageField: FieldSpec = {
  name: 'language',
  label: 'Language',
  required: true,
  hint: 'A language code such as en or lt',
  maxLength: 3,
};
const eventField = (c: Choices): FieldSpec => ({
  name: 'eventId',
  label: 'Event',
  type: 'select',
  emptyOption: 'No event',
  options: c.events,
  hint: 'Where it is shown (its QR code is placed there)',
});

export const resources: Kind<ResourceView> = {
  noun: 'resource',
  plural: 'Resources',
  base: '/qr/resources',
  fileFields: [
    { name: 'cover', label: 'Cover image', purpose: 'image' },
    { name: 'document', label: 'Document (PDF)', purpose: 'pdf' },
  ],
  fields: (c) => [
    {
      name: 'projectId',
      label: 'Project',
      type: 'select',
      required: true,
      emptyOption: 'Choose a project',
      options: c.projects,
    },
    { name: 'deliverableCode', label: 'Deliverable code', hint: 'e.g. D7.7', maxLength: 20 },
    { name: 'title', label: 'Title', required: true, maxLength: 300 },
    {
      name: 'type',
      label: 'Type',
      type: 'select',
      required: true,
      options: RESOURCE_TYPES.map((t) => ({
        value: t,
        label: t.charAt(0).toUpperCase() + t.slice(1),
      })),
    },
    languageField,
    { name: 'description', label: 'Description', type: 'textarea', maxLength: 5000 },
    {
      name: 'publishedOn',
      label: 'Publication or due date',
      hint: 'YYYY-MM or YYYY-MM-DD',
      maxLength: 10,
    },
    {
      name: 'dateKind',
      label: 'The date is',
      type: 'select',
      required: true,
      options: [
        { value: 'published', label: 'When it was published' },
        { value: 'due', label: 'When it is due' },
      ],
    },
    eventField(c),
    {
      name: 'cover',
      label: 'Cover image',
      type: 'file',
      hint: 'JPEG, PNG or WebP, at most 8 MB (SVG is not accepted); leave empty to keep the current one',
    },
    {
      name: 'document',
      label: 'Document (PDF)',
      type: 'file',
      hint: 'At most 25 MB; or give a link below instead',
    },
    {
      name: 'externalUrl',
      label: 'Or a link to it',
      type: 'url',
      hint: 'An https:// address; leave empty for none',
      maxLength: 2000,
    },
  ],
  valuesOf: (r) => ({
    projectId: r.projectId,
    deliverableCode: r.deliverableCode ?? '',
    title: r.title,
    type: r.type,
    language: r.language,
    description: r.description ?? '',
    publishedOn: r.publishedOn ?? '',
    dateKind: r.dateKind,
    eventId: r.eventIds[0] ?? '',
    externalUrl: r.externalUrl ?? '',
  }),
  toInput: (v, record) => ({
    projectId: text(v, 'projectId'),
    deliverableCode: optional(text(v, 'deliverableCode')),
    title: text(v, 'title'),
    type: text(v, 'type'),
    language: text(v, 'language'),
    description: optional(text(v, 'description')),
    publishedOn: optional(text(v, 'publishedOn')),
    dateKind: text(v, 'dateKind'),
    eventIds: eventIdsOf(v, record),
    externalUrl: optional(text(v, 'externalUrl')) ?? (record ? null : undefined),
  }),
  createSchema: createResourceBody,
  updateSchema: updateResourceBody,
  create: (input, base) => createResource(input, base),
  update: (id, input) => updateResource(id, input),
  remove: deleteResource,
  get: getResource,
  list: (page) => listResources({ page, limit: PAGE_SIZE }),
  nameOf: (r) => [r.deliverableCode, r.title].filter(Boolean).join(' '),
  columns: ['Title', 'Project', 'Type', 'Document', 'Poster', 'Scans'],
  cells: (r, projects) => [
    {
      label: 'Title',
      text: [r.deliverableCode, r.title].filter(Boolean).join(' '),
      href: r.pagePath,
    },
    { label: 'Project', text: projects.get(r.projectId) ?? '' },
    { label: 'Type', text: r.type },
    { label: 'Document', text: r.documentUrl ? 'PDF' : r.externalUrl ? 'Link' : 'Coming' },
    { label: 'Poster', text: 'A4 poster (PDF)', href: `/api/resources/${r.id}/poster.pdf?size=A4` },
    { label: 'Scans', text: 'Analytics', href: `/qr/analytics?scope=resource&id=${r.id}` },
  ],
  attach: async (id, files, values) => {
    const replaced: (Types.ObjectId | undefined)[] = [];
    if (files.cover) replaced.push(await setResourceFile(id, 'coverFileId', files.cover));
    if (files.document) {
      replaced.push(await setResourceFile(id, 'documentFileId', files.document));
      await updateResource(id, { externalUrl: null });
    } else if (text(values, 'externalUrl').trim()) {
      // A link replaces an uploaded PDF: a resource has one or the other.
      replaced.push(await setResourceFile(id, 'documentFileId', undefined));
    }
    return replaced;
  },
  current: (r) => [
    ...(r.coverUrl
      ? [{ label: 'Current cover', href: r.coverUrl, image: true, alt: `Cover of ${r.title}` }]
      : []),
    ...(r.documentUrl ? [{ label: 'Current document', href: r.documentUrl, text: 'the PDF' }] : []),
  ],
  emptyText: 'No resources yet: add a publication, or import a CSV.',
  links: [
    { href: '/qr/import/resources', label: 'Import resources from a CSV file' },
    { href: '/qr/codes', label: 'All QR codes' },
  ],
  deleteConsequence: 'Its printed QR codes stay and then lead to a “coming soon” page.',
  duplicate: { field: 'title' },
  eventOf: (v) => optional(text(v, 'eventId')),
};

export const postcards: Kind<PostcardView> = {
  noun: 'postcard',
  plural: 'City postcards',
  base: '/qr/postcards',
  fileFields: [{ name: 'front', label: 'Front image', purpose: 'image' }],
  fields: (c) => [
    { name: 'city', label: 'City', required: true, maxLength: 100 },
    {
      name: 'country',
      label: 'Country',
      required: true,
      hint: 'Two letters, e.g. LT',
      maxLength: 2,
    },
    {
      name: 'projectId',
      label: 'Project',
      type: 'select',
      required: true,
      emptyOption: 'Choose a project',
      options: c.projects,
    },
    { name: 'story', label: 'Short story', type: 'textarea', maxLength: 1200 },
    {
      name: 'linkUrl',
      label: 'Link (a film, a page)',
      type: 'url',
      hint: 'An https:// address',
      maxLength: 2000,
    },
    { name: 'linkLabel', label: 'Link text', maxLength: 100 },
    languageField,
    eventField(c),
    {
      name: 'front',
      label: 'Front image',
      type: 'file',
      hint: 'JPEG, PNG or WebP, at most 8 MB (SVG is not accepted); leave empty to keep the current one',
    },
  ],
  valuesOf: (p) => ({
    city: p.city,
    country: p.country,
    projectId: p.projectId,
    story: p.story ?? '',
    linkUrl: p.linkUrl ?? '',
    linkLabel: p.linkLabel ?? '',
    language: p.language,
    eventId: p.eventIds[0] ?? '',
  }),
  toInput: (v, record) => ({
    city: text(v, 'city'),
    country: text(v, 'country'),
    projectId: text(v, 'projectId'),
    story: optional(text(v, 'story')),
    linkUrl: optional(text(v, 'linkUrl')) ?? (record ? null : undefined),
    linkLabel: optional(text(v, 'linkLabel')),
    language: text(v, 'language'),
    eventIds: eventIdsOf(v, record),
  }),
  createSchema: createPostcardBody,
  updateSchema: updatePostcardBody,
  create: (input, base) => createPostcard(input, base),
  update: (id, input) => updatePostcard(id, input),
  remove: deletePostcard,
  get: getPostcard,
  list: (page) => listPostcards({ page, limit: PAGE_SIZE }),
  nameOf: (p) => p.city,
  columns: ['City', 'Country', 'Project', 'Front', 'Print', 'Scans'],
  cells: (p, projects) => [
    { label: 'City', text: p.city, href: p.pagePath },
    { label: 'Country', text: p.country },
    { label: 'Project', text: projects.get(p.projectId) ?? '' },
    { label: 'Front', text: p.frontUrl ? 'Image' : 'None yet' },
    { label: 'Print', text: 'Postcard (PDF)', href: `/api/print/postcards.pdf?ids=${p.id}` },
    {
      label: 'Scans',
      text: 'Analytics',
      href: p.qrCodeId ? `/qr/analytics?scope=code&id=${p.qrCodeId}` : undefined,
    },
  ],
  attach: async (id, files) => (files.front ? [await setPostcardFront(id, files.front)] : []),
  current: (p) =>
    p.frontUrl
      ? [
          {
            label: 'Current front',
            href: p.frontUrl,
            image: true,
            alt: `Front of the ${p.city} postcard`,
          },
        ]
      : [],
  emptyText: 'No city postcards yet: add one, or import the cities from a CSV.',
  links: [
    { href: '/qr/import/postcards', label: 'Import cities and postcards from a CSV file' },
    { href: '/api/print/postcards.pdf', label: 'Print every postcard (PDF, A6 duplex)' },
    { href: '/qr/codes', label: 'All QR codes' },
  ],
  deleteConsequence: 'Its printed QR codes stay and then lead to a “coming soon” page.',
  duplicate: { field: 'city' },
  eventOf: (v) => optional(text(v, 'eventId')),
};
