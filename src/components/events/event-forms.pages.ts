import { Router, type Request } from 'express';
import type { AppContext } from '../../lib/context';
import type { ReferencesPort } from '../../lib/component';
import type { EventsPorts } from './ports';
import { asActor, eventPolicy, eventScope, programmePolicy } from './policies';
import { paramId } from '../../lib/http/params';
import { countryChoices, humanise, timeZoneChoices } from './choices';
import { listClusters } from './clusters.service';
import { formatDateRange, formatItemTime } from './dates.format';
import { DATE_PRECISIONS, EVENT_KINDS } from './event.model';
import type { EventView, ProgrammeItemView } from './events.presenter';
import {
  createEventBody,
  createProgrammeItemBody,
  updateEventBody,
  updateProgrammeItemBody,
} from './events.schemas';
import { createEvent, deleteEvent, getEvent, listEvents, updateEvent } from './events.service';
import {
  filled,
  flag,
  list,
  optionalValue,
  text,
  type FieldSpec,
  type FormProblem,
} from '../../lib/forms';
import {
  instantFromLocalInput,
  localDateOf,
  localInputFromInstant,
  nextDay,
  previousDay,
  startOfLocalDay,
} from './local-time';
import { PROGRAMME_STATUSES } from './programme-item.model';
import {
  createProgrammeItem,
  deleteProgrammeItem,
  getProgrammeItem,
  listProgrammeItemsPage,
  updateProgrammeItem,
} from './programme.service';
import { mountResourcePages } from './resource-pages';
import { countryName, isCalendarDate } from './values';

const choices = (values: readonly string[]) =>
  values.map((v) => ({ value: v, label: humanise(v) }));

/**
 * Pages to create, edit and delete events (admins create; admins and the event's
 * comms managers edit and delete, as the API allows) and the items of an event's
 * programme (its managers). Programme times are typed in the event's time zone.
 */
export function createEventFormPages(
  context: AppContext,
  ports: Pick<EventsPorts, 'references'>,
): Router {
  const router = Router();
  mountEventPages(router, context, ports.references);
  mountProgrammePages(router, context);
  return router;
}

/** Events: admins create; admins and the event's comms managers edit and delete. */
function mountEventPages(router: Router, context: AppContext, references: ReferencesPort): void {
  mountResourcePages<EventView, null>(router, context, {
    noun: 'event',
    plural: 'All events',
    pattern: '/events',
    idParam: 'id',
    load: () => Promise.resolve(null),
    href: () => '/events',
    breadcrumbs: () => [{ href: '/', label: 'Dashboard' }],
    intro: () => 'Every event, the latest first.',
    may: {
      create: (user) => eventPolicy.may(asActor(user), 'create', {}),
      modify: (user, _c, event) => eventPolicy.may(asActor(user), 'update', eventScope(event.id)),
    },
    list: (_c, page, limit) => listEvents({ page, limit, sort: '-startDate' }),
    columns: ['Event', 'Dates', 'Place'],
    cells: (event) => [
      { label: 'Event', text: event.name, href: `/events/${event.id}` },
      {
        label: 'Dates',
        text: formatDateRange(event.startDate, event.endDate, event.datePrecision),
      },
      { label: 'Place', text: `${event.city}, ${countryName(event.country)}` },
    ],
    emptyText: 'No events yet.',
    get: (id) => getEvent(id),
    nameOf: (event) => event.name,
    fields: async (_c, event) => {
      const clusters = await listClusters({ page: 1, limit: 200, sort: 'name' });
      return eventFields(
        clusters.items.map((c) => ({ value: c.id, label: c.name })),
        event,
      );
    },
    defaults: () => ({ kind: 'conference', datePrecision: 'day', clusterIds: [] }),
    valuesOf: (event) => ({
      name: event.name,
      slug: event.slug,
      kind: event.kind,
      venue: event.venue,
      city: event.city,
      country: event.country,
      startDate: event.startDate,
      endDate: event.endDate,
      datePrecision: event.datePrecision,
      timeZone: event.timeZone,
      organiser: event.organiser ?? '',
      description: event.description ?? '',
      url: event.url ?? '',
      accessNote: event.accessNote ?? '',
      clusterIds: event.clusterIds,
    }),
    toInput: (values, _c, event) => {
      const editing = Boolean(event);
      const [first, last] = [text(values, 'startDate'), text(values, 'endDate')];
      // 'YYYY-MM-DD' strings sort like the dates they name.
      const datesReversed = isCalendarDate(first) && isCalendarDate(last) && last < first;
      return {
        input: {
          name: filled(text(values, 'name')),
          slug: filled(text(values, 'slug')),
          kind: filled(text(values, 'kind')),
          venue: optionalValue(text(values, 'venue'), editing),
          city: filled(text(values, 'city')),
          country: filled(text(values, 'country')),
          startDate: filled(text(values, 'startDate')),
          endDate: filled(text(values, 'endDate')),
          datePrecision: filled(text(values, 'datePrecision')),
          timeZone: filled(text(values, 'timeZone')),
          organiser: optionalValue(text(values, 'organiser'), editing),
          description: optionalValue(text(values, 'description'), editing),
          url: optionalValue(text(values, 'url'), editing),
          accessNote: optionalValue(text(values, 'accessNote'), editing),
          clusterIds: list(values, 'clusterIds'),
        },
        problems: datesReversed
          ? [{ field: 'endDate', message: 'Must be on or after the first day' }]
          : [],
      };
    },
    createSchema: createEventBody,
    updateSchema: updateEventBody,
    create: (input) => createEvent(input),
    update: (id, input) => updateEvent(id, input),
    remove: (id) => deleteEvent(id, references),
    afterSave: (event) => `/events/${event.id}`,
    duplicate: {
      field: 'slug',
      message: 'Another event already has this web name; choose another',
    },
    missingReference: { cluster_not_found: 'clusterIds' },
    deleteConsequence: () =>
      'An event with programme items cannot be deleted: delete its programme items first.',
  });
}

type ProgrammeContext = { event: EventView };
const loadEvent = async (req: Request): Promise<ProgrammeContext> => ({
  event: await getEvent(paramId(req, 'Event')),
});

/** An event's programme items, their times typed in the event's zone. */
function mountProgrammePages(router: Router, context: AppContext): void {
  mountResourcePages<ProgrammeItemView, ProgrammeContext>(router, context, {
    noun: 'programme item',
    plural: 'Programme',
    pattern: '/events/:id/programme',
    idParam: 'itemId',
    load: loadEvent,
    href: ({ event }) => `/events/${event.id}/programme`,
    breadcrumbs: ({ event }) => [
      { href: '/', label: 'Dashboard' },
      { href: `/events/${event.id}`, label: event.name },
    ],
    intro: ({ event }) => `${event.name}. Times are in the event's time zone, ${event.timeZone}.`,
    may: {
      create: (user, { event }) =>
        programmePolicy.may(asActor(user), 'create', eventScope(event.id)),
      modify: (user, { event }) =>
        programmePolicy.may(asActor(user), 'update', eventScope(event.id)),
    },
    pageSize: 50,
    list: ({ event }, page, limit) =>
      listProgrammeItemsPage(event.id, { page, limit, sort: 'start' }),
    columns: ['What', 'When', 'Where', 'Status'],
    cells: (item, { event }) => [
      { label: 'What', text: item.title },
      {
        label: `When (${event.timeZone})`,
        text: formatItemTime(item.start, item.end, item.allDay, event.timeZone),
      },
      { label: 'Where', text: item.location ?? '' },
      { label: 'Status', text: humanise(item.status) },
    ],
    emptyText: 'No programme items yet.',
    get: (id, { event }) => getProgrammeItem(event.id, id),
    nameOf: (item) => item.title,
    fields: ({ event }) => Promise.resolve(programmeFields(event)),
    defaults: ({ event }) => ({
      start: `${event.startDate}T09:00`,
      end: `${event.startDate}T10:00`,
      status: 'confirmed',
      allDay: false,
    }),
    valuesOf: (item, { event }) => ({
      title: item.title,
      description: item.description ?? '',
      location: item.location ?? '',
      start: localInputFromInstant(item.start, event.timeZone),
      // All-day ends are exclusive midnights; the form shows the last day itself.
      end: item.allDay
        ? `${previousDay(localDateOf(item.end, event.timeZone))}T00:00`
        : localInputFromInstant(item.end, event.timeZone),
      allDay: item.allDay,
      status: item.status,
    }),
    toInput: (values, { event }, item) => {
      const editing = Boolean(item);
      const problems: FormProblem[] = [];
      const allDay = flag(values, 'allDay');
      const instant = (field: 'start' | 'end'): string | undefined => {
        const typed = text(values, field);
        if (!typed) return undefined;
        // Unchanged on an edit: keep the stored instant (a time the clocks show twice stays the one it was).
        if (
          item &&
          !allDay &&
          !item.allDay &&
          typed === localInputFromInstant(item[field], event.timeZone)
        ) {
          return item[field].toISOString();
        }
        if (allDay) {
          const date = typed.slice(0, 10);
          const day = field === 'start' ? date : nextDay(date);
          if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
            problems.push({ field, message: 'Enter a date and time' });
            return undefined;
          }
          return startOfLocalDay(day, event.timeZone).toISOString();
        }
        const result = instantFromLocalInput(typed, event.timeZone);
        if (result.ok) return result.instant.toISOString();
        problems.push({
          field,
          message:
            result.problem === 'skipped'
              ? `This time does not exist in ${event.timeZone}: the clocks go forward then. Choose a time after the change`
              : 'Enter a date and time',
        });
        return undefined;
      };
      const start = instant('start');
      const end = instant('end');
      if (start && end && end <= start) {
        problems.push({ field: 'end', message: 'Must be after the start' });
      }
      return {
        input: {
          title: filled(text(values, 'title')),
          description: optionalValue(text(values, 'description'), editing),
          location: optionalValue(text(values, 'location'), editing),
          start,
          end,
          allDay,
          status: filled(text(values, 'status')),
        },
        problems,
      };
    },
    createSchema: createProgrammeItemBody,
    updateSchema: updateProgrammeItemBody,
    create: (input, { event }) => createProgrammeItem(event.id, input),
    update: (id, input, { event }) => updateProgrammeItem(event.id, id, input),
    remove: (id, { event }) => deleteProgrammeItem(event.id, id),
    duplicate: {
      field: 'title',
      message: 'An item with this title already starts at this time in this event',
    },
    deleteConsequence: () =>
      'Calendars that imported it keep their copy; subscribed calendars drop it at their next update.',
  });
}

function eventFields(clusters: { value: string; label: string }[], event?: EventView): FieldSpec[] {
  return [
    { name: 'name', label: 'Name', type: 'text', required: true, maxLength: 200 },
    {
      name: 'slug',
      label: 'Web name',
      type: 'text',
      maxLength: 100,
      autocomplete: 'off',
      hint: event
        ? 'Lower-case words joined by hyphens, used in addresses.'
        : 'Lower-case words joined by hyphens, used in addresses. Left empty, it is made from the name.',
    },
    { name: 'kind', label: 'Kind', type: 'select', required: true, options: choices(EVENT_KINDS) },
    { name: 'venue', label: 'Venue', type: 'text', maxLength: 200 },
    { name: 'city', label: 'City', type: 'text', required: true, maxLength: 100 },
    {
      name: 'country',
      label: 'Country',
      type: 'select',
      required: true,
      emptyOption: 'Choose a country',
      options: countryChoices(),
    },
    { name: 'startDate', label: 'First day', type: 'date', required: true },
    { name: 'endDate', label: 'Last day', type: 'date', required: true },
    {
      name: 'datePrecision',
      label: 'How exact are the dates?',
      type: 'select',
      required: true,
      options: [
        { value: 'day', label: 'Exact days' },
        { value: 'month', label: 'Only the month is known (first to last day of the month)' },
      ].filter((o) => (DATE_PRECISIONS as readonly string[]).includes(o.value)),
    },
    {
      name: 'timeZone',
      label: 'Time zone',
      type: 'select',
      required: true,
      emptyOption: 'Choose a time zone',
      hint: 'Where the event takes place; programme times are typed and shown in this zone.',
      options: timeZoneChoices(event?.timeZone),
    },
    { name: 'organiser', label: 'Organiser', type: 'text', maxLength: 200 },
    { name: 'description', label: 'Description', type: 'textarea', maxLength: 5000 },
    {
      name: 'url',
      label: 'Website',
      type: 'url',
      maxLength: 500,
      hint: 'An address starting with https://',
    },
    {
      name: 'accessNote',
      label: 'Access note',
      type: 'text',
      maxLength: 200,
      hint: 'For example “Invitation-only”.',
    },
    {
      name: 'clusterIds',
      label: 'Clusters taking part',
      type: 'checkboxes',
      options: clusters,
    },
  ];
}

function programmeFields(event: EventView): FieldSpec[] {
  const zoneHint = `Local time in ${event.timeZone}, the event's time zone.`;
  return [
    { name: 'title', label: 'Title', type: 'text', required: true, maxLength: 200 },
    { name: 'start', label: 'Starts', type: 'datetime-local', required: true, hint: zoneHint },
    { name: 'end', label: 'Ends', type: 'datetime-local', required: true, hint: zoneHint },
    {
      name: 'allDay',
      label: 'All day',
      type: 'checkbox',
      hint: 'Only the dates count then: from the start date to the end date, both included.',
    },
    { name: 'location', label: 'Where', type: 'text', maxLength: 200 },
    { name: 'description', label: 'Description', type: 'textarea', maxLength: 5000 },
    {
      name: 'status',
      label: 'Status',
      type: 'select',
      required: true,
      options: choices(PROGRAMME_STATUSES),
      hint: 'A cancelled item stays in calendars, marked as cancelled.',
    },
  ];
}
