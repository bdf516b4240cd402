import { AppError } from '../../lib/errors';
import { getEvent, listProgrammeItems, type EventView } from '../events';
import {
  daySpan,
  eventDays,
  getStand,
  listFilms,
  listMaterials,
  listScreenings,
  listShifts,
  namesFor,
  type StandView,
} from '../exhibitions';
import { formatDateRange, formatDayHeading, formatTimeRange, localDay } from './formatting';
import { loadPrintLayout } from './print-layouts';
import { withLayoutErrors, type RenderedPdf } from './print.service';
import { renderSectionsDocument, type Section } from './sections.document';
import { renderStandRotaDocument, type RotaDay } from './stand-rota.document';

/** The stand's printed place: "Hall 2, stand B14". */
function standPlace(stand: StandView): string {
  return [stand.hall, stand.standNumber && `stand ${stand.standNumber}`].filter(Boolean).join(', ');
}

async function standAndEvent(standId: string): Promise<{ stand: StandView; event: EventView }> {
  const stand = await getStand(standId);
  return { stand, event: await getEvent(stand.eventId) };
}

/**
 * The staff rota, one page per day: the given day, or every day of the event.
 * 400 `day_outside_event` for a day the event does not have; 404 for an unknown stand.
 */
export async function renderStandRota(
  standId: string,
  options: { day?: string; withPhones: boolean; now: Date },
): Promise<RenderedPdf> {
  const { stand, event } = await standAndEvent(standId);
  const days = eventDays(event);
  if (options.day && !days.includes(options.day)) {
    throw new AppError(
      'day_outside_event',
      `${options.day} is not a day of ${event.name} (${event.startDate} to ${event.endDate})`,
      400,
      {
        errors: [
          { path: 'day', message: `must be between ${event.startDate} and ${event.endDate}` },
        ],
      },
    );
  }
  const tz = event.timeZone;
  const [names, shifts] = await Promise.all([namesFor(stand), listShifts(stand.id)]);
  const zoneName = (id?: string) => stand.zones.find((z) => z.id === id)?.name;
  const rotaDays: RotaDay[] = (options.day ? [options.day] : days).map((day) => {
    const span = daySpan(day, tz);
    return {
      day,
      label: formatDayHeading(span.start, tz),
      // A shift belongs to the day it starts on, in the event's zone.
      shifts: shifts
        .filter((s) => localDay(s.start, tz) === day)
        .map((s) => ({
          start: s.start,
          end: s.end,
          zone: zoneName(s.zoneId),
          title: s.title,
          needs: s.needs.map((n) => `${n.role} ${n.count}`).join(', '),
          memberIds: s.assignees.map((a) => a.personId),
          openPlaces: Math.max(
            0,
            s.needs.reduce((sum, n) => sum + n.count, 0) - s.assignees.length,
          ),
        })),
    };
  });
  const people = stand.team
    .map((m) => ({
      memberId: m.personId,
      name: names.people.get(m.personId) ?? 'Unknown person',
      project: names.projects.get(m.projectId),
      phone: options.withPhones ? m.phone : undefined,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const doc = withLayoutErrors(() =>
    renderStandRotaDocument(
      loadPrintLayout('stand-rota'),
      {
        stand: { name: stand.name, place: standPlace(stand) || event.venue },
        event: { name: event.name, timeZone: tz },
        people,
        days: rotaDays,
        withPhones: options.withPhones,
      },
      options.now,
    ),
  );
  return { doc, fileName: `${stand.name} – rota${options.day ? ` ${options.day}` : ''}.pdf` };
}

const normalise = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** A3 poster: opening hours per day, screenings, and the event's World Café session if it has one. */
export async function renderStandProgramme(
  standId: string,
  options: { now: Date },
): Promise<RenderedPdf> {
  const { stand, event } = await standAndEvent(standId);
  const tz = event.timeZone;
  const [films, screenings, items] = await Promise.all([
    listFilms(stand.id),
    listScreenings(stand.id),
    listProgrammeItems(event.id),
  ]);
  const hours: Section = {
    heading: 'Opening hours',
    empty: 'Opening hours to be announced.',
    rows: eventDays(event).flatMap((day) => {
      const blocks = stand.openingHours.filter((b) => localDay(b.start, tz) === day);
      if (!blocks.length) return [];
      return [
        {
          when: formatDayHeading(blocks[0]!.start, tz),
          what: blocks.map((b) => formatTimeRange(b.start, b.end, tz)).join(', '),
        },
      ];
    }),
  };
  const film = (id: string) => films.find((f) => f.id === id);
  const shown: Section = {
    heading: 'Screenings',
    empty: 'No screenings planned yet.',
    rows: screenings.map((s) => ({
      when: `${formatDayHeading(s.start, tz).replace(/ \d{4}$/, '')}\n${formatTimeRange(s.start, s.end, tz)}`,
      what: s.filmIds
        .map((id) => {
          const f = film(id);
          return f ? [f.title, f.city && `(${f.city})`].filter(Boolean).join(' ') : 'Film';
        })
        .join(', '),
      note: [
        s.mode === 'loop' ? 'On a loop' : undefined,
        stand.zones.find((z) => z.id === s.zoneId)?.name,
      ]
        .filter(Boolean)
        .join(' · '),
    })),
  };
  const sections = [hours, shown];
  const cafe = items.filter(
    (i) => normalise(i.title).includes('world cafe') && i.status !== 'cancelled',
  );
  if (cafe.length) {
    sections.push({
      heading: 'World Café',
      rows: cafe.map((i) => ({
        when: `${formatDayHeading(i.start, tz).replace(/ \d{4}$/, '')}\n${formatTimeRange(i.start, i.end, tz)}`,
        what: i.title,
        note: i.location,
      })),
    });
  }
  const doc = withLayoutErrors(() =>
    renderSectionsDocument(
      loadPrintLayout('stand-programme'),
      {
        stand: { name: stand.name, place: standPlace(stand) || event.venue },
        event: { name: event.name, dates: formatDateRange(event.startDate, event.endDate) },
        timeZone: tz,
      },
      sections,
      options.now,
    ),
  );
  return { doc, fileName: `${stand.name} – programme poster.pdf` };
}

/** The packing list: every material grouped by its owner project, with tick boxes. */
export async function renderPackingList(
  standId: string,
  options: { now: Date },
): Promise<RenderedPdf> {
  const { stand, event } = await standAndEvent(standId);
  const [materials, names] = await Promise.all([
    listMaterials(stand.id, options.now),
    namesFor(stand),
  ]);
  const owners = [...new Set(materials.map((m) => m.ownerProjectId))].sort((a, b) =>
    (names.projects.get(a) ?? '').localeCompare(names.projects.get(b) ?? '', 'en'),
  );
  const sections: Section[] = owners.map((owner) => ({
    heading: names.projects.get(owner) ?? 'Other project',
    rows: materials
      .filter((m) => m.ownerProjectId === owner)
      .map((m) => ({
        when: `☐ ${m.quantityNeeded} needed\n${m.quantityPacked} packed · ${m.quantityOnSite} on site`,
        what: `${m.name} (${m.kind.replace(/-/g, ' ')})`,
        note: [
          m.late ? 'LATE' : undefined,
          m.status.replace(/-/g, ' '),
          m.dueDate && `due ${m.dueDate}`,
          m.notes,
        ]
          .filter(Boolean)
          .join(' · '),
      })),
  }));
  if (!sections.length)
    sections.push({ heading: 'Materials', rows: [], empty: 'No materials yet.' });
  const doc = withLayoutErrors(() =>
    renderSectionsDocument(
      loadPrintLayout('packing-list'),
      {
        stand: { name: stand.name, place: standPlace(stand) || event.venue },
        event: { name: event.name, dates: formatDateRange(event.startDate, event.endDate) },
        timeZone: event.timeZone,
      },
      sections,
      options.now,
    ),
  );
  return { doc, fileName: `${stand.name} – packing list.pdf` };
}
