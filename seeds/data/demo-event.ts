import { DateTime } from 'luxon';
import type { SeedEvent } from './events';

/** The demo event's slug: other seed parts (stand, World Café, QR codes, kits) attach to it. */
export const DEMO_EVENT_SLUG = 'demo-expo';

/**
 * A clearly fictional event so that a newcomer's `npm start` has upcoming things to
 * look at: it starts two weeks after the day the database is seeded and lasts three
 * days, in Vilnius time. Nothing in it is real; its name and description say so.
 */
export function demoEvent(today: Date): SeedEvent {
  const zone = 'Europe/Vilnius';
  const first = DateTime.fromJSDate(today, { zone }).startOf('day').plus({ days: 14 });
  const day = (n: number) => first.plus({ days: n }).toISODate() ?? '';
  const at = (n: number, time: string) => `${day(n)}T${time}`;
  return {
    slug: DEMO_EVENT_SLUG,
    name: 'Demo Expo (fictional demo event)',
    kind: 'conference',
    city: 'Vilnius',
    country: 'LT',
    startDate: day(0),
    endDate: day(2),
    datePrecision: 'day',
    timeZone: zone,
    organiser: 'Demo Organisation (fictional)',
    description:
      'A fictional three-day event that shows what forumkit does: a cluster stand with opening hours and ' +
      'shifts, a World Café with notes, QR codes with scans, and game kits.',
    clusters: ['Urban Planning and Design Cluster'],
    programme: [
      {
        title: 'Opening plenary (demo)',
        description: 'Welcome and introduction of the cluster projects.',
        location: 'Main hall',
        allDay: false,
        localStart: at(0, '09:30'),
        localEnd: at(0, '10:30'),
      },
      {
        title: 'Cluster stand open (demo)',
        description: 'Resource corner, film corner, postcard wall and game table.',
        location: 'Hall B, stand 12',
        allDay: false,
        localStart: at(0, '10:30'),
        localEnd: at(0, '18:00'),
      },
      {
        title: 'World Café: Cities and water (demo)',
        description: 'Three tables, two rounds of 25 minutes, rapporteurs report in plenary.',
        location: 'Room 3',
        allDay: false,
        localStart: at(1, '14:00'),
        localEnd: at(1, '15:30'),
      },
      {
        title: 'Closing session (demo)',
        description: 'Outcomes of the World Café and next steps.',
        location: 'Main hall',
        allDay: false,
        localStart: at(2, '16:00'),
        localEnd: at(2, '17:00'),
      },
    ],
  };
}
