import type { DatePrecision, EventKind } from '../../src/components/events';

/**
 * Events and dates from the source report (Re-Value D7.7). Where the report gives
 * only a month, the event is stored with month precision (first to last day of the
 * month) and says that the exact dates are to be confirmed — no day is invented.
 */
export type SeedEvent = {
  slug: string;
  name: string;
  kind: EventKind;
  city: string;
  country: string;
  startDate: string;
  endDate: string;
  datePrecision: DatePrecision;
  timeZone: string;
  organiser?: string;
  description: string;
  /** Provenance for organisers (what the source report does or does not say); never shown to attendees. */
  sourceNote?: string;
  accessNote?: string;
  /** Cluster names taking part. */
  clusters: string[];
  programme: SeedProgrammeItem[];
};

/**
 * Local wall-clock times in the event's zone; all-day items name their local date (and
 * `lastDate` when they span several days: known to happen then, day or hour unknown).
 */
export type SeedProgrammeItem = {
  title: string;
  /** For attendees: what happens. */
  description: string;
  /** For organisers: where the entry comes from, and what the source leaves open. */
  sourceNote?: string;
  location?: string;
} & (
  | { allDay: true; date: string; lastDate?: string }
  | { allDay: false; localStart: string; localEnd: string }
);

const EXHIBITION = 'Urban Planning and Design Cluster Exhibition';
const EXHIBITION_DESCRIPTION =
  'Resource corner (QR-linked publication covers), film corner (short films from six Re-Value cities), ' +
  'postcard wall (one postcard per cluster city) and the NEB Impact Model Dominoes game table.';
const EXHIBITION_SOURCE_NOTE =
  'Opening hours are not given in the source report, so each exhibition day is an all-day entry.';

export const events: SeedEvent[] = [
  {
    slug: '2025-cities-mission-conference',
    name: '2025 Cities Mission Conference',
    kind: 'conference',
    city: 'Vilnius',
    country: 'LT',
    startDate: '2025-05-06',
    endDate: '2025-05-08',
    datePrecision: 'day',
    timeZone: 'Europe/Vilnius',
    organiser: 'NetZeroCities',
    accessNote: 'Invitation-only',
    description:
      'NetZeroCities Cities Mission Conference. The Urban Planning and Design Cluster (Re-Value, UP2030, ' +
      'CLIMABOROUGH) ran a three-day cluster exhibition and hosted a World Café session.',
    clusters: ['Urban Planning and Design Cluster'],
    programme: [
      ...['2025-05-06', '2025-05-07', '2025-05-08'].map((date, index) => ({
        title: `${EXHIBITION} — day ${index + 1}`,
        description: EXHIBITION_DESCRIPTION,
        sourceNote: EXHIBITION_SOURCE_NOTE,
        location: `${EXHIBITION} stand`,
        allDay: true as const,
        date,
      })),
      {
        title: 'World Café: Urban Planning and Design for Climate Impact',
        description:
          'Three tables led by UP2030 (Thessaloniki, Dioikitirion neighbourhood), CLIMABOROUGH (textile waste) ' +
          'and Re-Value (the role of water and waterfronts); rapporteurs share the outcomes in plenary.',
        sourceNote:
          'The source report does not give its day or time, so it spans the conference days.',
        allDay: true,
        date: '2025-05-06',
        lastDate: '2025-05-08',
      },
    ],
  },
  {
    slug: 'up2030-final-conference-2025',
    name: 'UP2030 Final Conference',
    kind: 'conference',
    city: 'Barcelona',
    country: 'ES',
    startDate: '2025-11-03',
    endDate: '2025-11-03',
    datePrecision: 'day',
    timeZone: 'Europe/Madrid',
    organiser: 'UP2030',
    description: 'Final conference of UP2030, the day before the Smart City Expo (4–6 November 2025).',
    clusters: [],
    programme: [],
  },
  {
    slug: 're-value-final-conference-2026',
    name: 'Re-Value Final Conference',
    kind: 'conference',
    city: 'Bruges',
    country: 'BE',
    startDate: '2026-10-01',
    endDate: '2026-10-31',
    datePrecision: 'month',
    timeZone: 'Europe/Brussels',
    organiser: 'Re-Value',
    description:
      'October 2026; exact dates to be confirmed. A large public event close to the European Commission ' +
      '(Brussels), including the Cities Mission and New European Bauhaus communities, before the 2026 ' +
      'European Week of Regions and Cities.',
    clusters: [],
    programme: [],
  },
  {
    slug: '2026-cities-mission-conference',
    name: '2026 Cities Mission Conference',
    kind: 'conference',
    city: 'Turin',
    country: 'IT',
    startDate: '2026-05-01',
    endDate: '2026-05-31',
    datePrecision: 'month',
    timeZone: 'Europe/Rome',
    description:
      'May 2026; exact dates to be confirmed. Participation of the cluster is still under development.',
    clusters: [],
    programme: [],
  },
  {
    slug: 'neb-festival-2026',
    name: 'New European Bauhaus Festival 2026',
    kind: 'festival',
    city: 'Brussels',
    country: 'BE',
    startDate: '2026-06-01',
    endDate: '2026-06-30',
    datePrecision: 'month',
    timeZone: 'Europe/Brussels',
    description:
      'June 2026; exact dates to be confirmed. Participation of the cluster is still under development.',
    clusters: [],
    programme: [],
  },
];
