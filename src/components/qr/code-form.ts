import type { Request } from 'express';
import { text, type FieldSpec, type FormValues } from '../../lib/forms';
import { currentUser } from '../../lib/http/access';
import { asActor, codePolicy } from './policies';
import { listEvents, listProjects } from '../events';
import { listPostcards } from './postcards.service';
import { QR_KINDS } from './qr-code.model';
import { QR_KIND_LABELS } from './qr-labels';
import type { QrCodeView, QrTargetView } from './registry.presenter';
import { listResources } from './resources.service';

/** The code form's fields, and the way between its values and the API's target. */
const LEADS_TO = [
  { value: 'none', label: 'Nothing yet (a “coming soon” page)' },
  { value: 'resource', label: 'A resource' },
  { value: 'postcard', label: 'A city postcard' },
  { value: 'event', label: 'An event’s public page' },
  { value: 'kit', label: 'A game kit' },
  { value: 'table', label: 'A World Café table' },
  { value: 'url', label: 'An https:// address' },
];
/** Which field holds the thing a target of each type names. */
export const TARGET_FIELD: Record<string, string> = {
  resource: 'resourceId',
  postcard: 'postcardId',
  event: 'targetEventId',
  kit: 'kitId',
  table: 'tableId',
  url: 'url',
};

export async function fieldsFor(req: Request, editing: boolean): Promise<FieldSpec[]> {
  const user = currentUser(req);
  const [events, projects, resources, postcards] = await Promise.all([
    listEvents({ page: 1, limit: 200, sort: '-startDate' }),
    listProjects({ page: 1, limit: 200, sort: 'acronym' }),
    listResources({ page: 1, limit: 200 }),
    listPostcards({ page: 1, limit: 200 }),
  ]);
  const allEvents = events.items.map((e) => ({ value: e.id, label: e.name }));
  const managed = events.items
    .filter((e) => codePolicy.may(asActor(user), 'create', { eventId: e.id }))
    .map((e) => ({ value: e.id, label: e.name }));
  const objectIdHint = 'Its id (24 characters, as on its page)';
  return [
    ...(editing
      ? []
      : [
          {
            name: 'kind',
            label: 'Kind',
            type: 'select' as const,
            required: true,
            emptyOption: 'Choose a kind',
            options: QR_KINDS.map((k) => ({ value: k, label: QR_KIND_LABELS[k] })),
          },
        ]),
    {
      name: 'label',
      label: 'Label',
      required: true,
      maxLength: 200,
      hint: 'Where it is printed, e.g. “Poster at the entrance”',
    },
    { name: 'leadsTo', label: 'Leads to', type: 'select', required: true, options: LEADS_TO },
    {
      name: 'resourceId',
      label: 'Resource',
      type: 'select',
      emptyOption: 'Choose a resource',
      options: resources.items.map((r) => ({
        value: r.id,
        label: [r.deliverableCode, r.title].filter(Boolean).join(' '),
      })),
      hint: 'When it leads to a resource',
    },
    {
      name: 'postcardId',
      label: 'City postcard',
      type: 'select',
      emptyOption: 'Choose a city',
      options: postcards.items.map((p) => ({ value: p.id, label: `${p.city}, ${p.country}` })),
      hint: 'When it leads to a city postcard',
    },
    {
      name: 'targetEventId',
      label: 'Event page',
      type: 'select',
      emptyOption: 'Choose an event',
      options: allEvents,
      hint: 'When it leads to an event’s public page',
    },
    {
      name: 'kitId',
      label: 'Game kit',
      maxLength: 24,
      hint: `When it leads to a kit. ${objectIdHint}`,
    },
    {
      name: 'tableId',
      label: 'World Café table',
      maxLength: 24,
      hint: `When it leads to a table. ${objectIdHint}`,
    },
    {
      name: 'url',
      label: 'Address',
      type: 'url',
      maxLength: 2000,
      hint: 'When it leads outside: an https:// address',
    },
    {
      name: 'eventId',
      label: 'Placed at event',
      type: 'select',
      emptyOption: 'No event',
      options: managed,
    },
    {
      name: 'projectId',
      label: 'Project',
      type: 'select',
      emptyOption: 'No project',
      options: projects.items.map((p) => ({ value: p.id, label: p.acronym })),
    },
    { name: 'zoneId', label: 'Stand zone', maxLength: 24, hint: `Optional. ${objectIdHint}` },
    ...(editing
      ? [
          {
            name: 'enabled',
            label: 'In use (a disabled code answers “no longer in use”)',
            type: 'checkbox' as const,
          },
        ]
      : []),
  ];
}

export function targetInput(values: FormValues): Record<string, unknown> {
  const type = text(values, 'leadsTo') || 'none';
  const field = TARGET_FIELD[type];
  if (!field) return { none: true };
  const value = text(values, field).trim();
  const key = type === 'url' ? 'url' : type === 'event' ? 'eventId' : field;
  return { [key]: value };
}

export function valuesOf(code: QrCodeView): FormValues {
  const values: FormValues = {
    label: code.label,
    leadsTo: code.target.type,
    eventId: code.eventId ?? '',
    projectId: code.projectId ?? '',
    zoneId: code.zoneId ?? '',
    enabled: code.enabled,
  };
  const target = code.target;
  if (target.type === 'url') values.url = target.url;
  else if (target.type !== 'none') values[TARGET_FIELD[target.type]!] = target.id;
  return values;
}

export function describeTarget(target: QrTargetView): { text: string; href?: string } {
  if (target.type === 'url') return { text: target.url, href: target.url };
  if (target.type === 'none') return { text: 'Nothing yet' };
  if (target.type === 'resource') return { text: 'Resource', href: `/r/${target.id}` };
  if (target.type === 'postcard') return { text: 'City postcard', href: `/p/${target.id}` };
  if (target.type === 'event') return { text: 'Event page' };
  return { text: target.type === 'kit' ? 'Game kit' : 'World Café table' };
}

export const FIELD_OF_ERROR: Record<string, string> = {
  resource_not_found: 'resourceId',
  postcard_not_found: 'postcardId',
  event_not_found: 'eventId',
  kit_not_found: 'kitId',
  table_not_found: 'tableId',
  target_type_unavailable: 'leadsTo',
};

/** Zod paths of the API input → the form's fields. */
export function fieldOfPath(leadsTo: string) {
  return (path: string) =>
    path.startsWith('target') ? (TARGET_FIELD[leadsTo] ?? 'leadsTo') : path;
}
