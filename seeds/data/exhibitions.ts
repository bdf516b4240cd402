import { DateTime } from 'luxon';
import { listCafeDutiesOf } from '../../src/components/world-cafe';
import {
  addFilm,
  addMaterial,
  addScreening,
  addTeamMember,
  createShift,
  createStand,
  listStandsOfEvent,
  setOpeningHours,
  updateZone,
  type StandRole,
  type ZoneInput,
} from '../../src/components/exhibitions';
import {
  getEventBySlug,
  listClusters,
  listProjects,
  upsertPersonByEmail,
} from '../../src/components/events';
import { listAllQrCodes } from '../../src/components/qr';
import { DEMO_EVENT_SLUG } from './demo-event';

/**
 * Stands. The 2025 stand holds only what the report says: its name, the three
 * projects and the four zones as described (no opening hours, staff, materials or
 * times: the report gives none). The demo stand is fictional and shows the rest.
 */

const CLUSTER = 'Urban Planning and Design Cluster';
const PROJECTS = ['Re-Value', 'UP2030', 'CLIMABOROUGH'] as const;

type SeedZone = Omit<ZoneInput, 'projectId'> & { project?: (typeof PROJECTS)[number] };

/** Source: Re-Value D7.7, section 6.2 (the exhibition at the 2025 Mission Conference). */
export const realStand = {
  eventSlug: '2025-cities-mission-conference',
  name: 'Urban Planning and Design Cluster Exhibition',
  notes:
    'Co-designed by Re-Value, UP2030 and CLIMABOROUGH; over three days the space for exchanging ideas, ' +
    'sharing tools and starting conversations about urban planning and design for climate neutrality.',
  zones: [
    {
      kind: 'resource-corner',
      name: 'Resource corner',
      description:
        'Interactive, QR-linked publication covers of each project’s key deliverables and outputs; visitors share feedback.',
      items: [],
    },
    {
      kind: 'film-corner',
      name: 'Film corner',
      description:
        'Exclusive short films featuring urban transformation stories from six Re-Value cities: Ålesund, Bruges, Burgas, Rimini, Constanța and Rijeka.',
      project: 'Re-Value',
      items: [],
    },
    {
      kind: 'postcard-wall',
      name: 'Postcard wall',
      description: 'Postcards of the 27 cluster cities; each visitor could take one home.',
      items: [],
    },
    {
      kind: 'game-table',
      name: 'Game table',
      description:
        'The NEB Impact Model Dominoes game, presented by Re-Value; more than 250 game kits were disseminated to city representatives.',
      project: 'Re-Value',
      items: [],
    },
  ] satisfies SeedZone[],
};

/** The six Re-Value city films the report names; it gives no titles, durations or times. */
export const realFilmCities = ['Ålesund', 'Bruges', 'Burgas', 'Rimini', 'Constanța', 'Rijeka'];

/** Fictional stand staff (example.org addresses are never delivered). */
export const demoStandPeople: { name: string; email: string; project: (typeof PROJECTS)[number]; role: StandRole }[] = [
  { name: 'Lina Lead (demo)', email: 'stand-lead@example.org', project: 'Re-Value', role: 'lead' },
  { name: 'Sam Stand (demo)', email: 'stand-staff@example.org', project: 'UP2030', role: 'booth' },
  { name: 'Alex AV (demo)', email: 'stand-av@example.org', project: 'CLIMABOROUGH', role: 'av' },
  { name: 'Carla Comms (demo)', email: 'comms@example.org', project: 'Re-Value', role: 'booth' },
];

export type ExhibitionSeedSummary = {
  stands: number;
  people: number;
  shifts: number;
  materials: number;
  films: number;
  screenings: number;
};

/**
 * Loads both stands, once: a stand that already exists (same event and name) is
 * left as it is, so seeding again changes nothing.
 */
export async function seedExhibitions(today: Date): Promise<ExhibitionSeedSummary> {
  const summary: ExhibitionSeedSummary = {
    stands: 0,
    people: 0,
    shifts: 0,
    materials: 0,
    films: 0,
    screenings: 0,
  };
  const projects = new Map<string, string>();
  for (const acronym of PROJECTS) {
    const found = (await listProjects({ acronym, page: 1, limit: 1, sort: 'name' })).items[0];
    if (!found) throw new Error(`seed data names an unknown project: ${acronym}`);
    projects.set(acronym, found.id);
  }
  const projectId = (acronym: string) => projects.get(acronym) as string;
  const cluster = (await listClusters({ q: CLUSTER, page: 1, limit: 1, sort: 'name' })).items[0];
  const zones = realStand.zones.map(({ project, ...zone }) => ({
    ...zone,
    projectId: project ? projectId(project) : undefined,
  }));

  const real = await getEventBySlug(realStand.eventSlug);
  if (!(await listStandsOfEvent(real.id)).some((s) => s.name === realStand.name)) {
    const stand = await createStand(real.id, {
      name: realStand.name,
      clusterId: cluster?.id,
      notes: realStand.notes,
      projectIds: PROJECTS.map(projectId),
      // The report names no staffing level; the planner sets one when a stand is planned.
      minStaff: 0,
      zones,
    });
    summary.stands++;
    for (const city of realFilmCities) {
      await addFilm(stand.id, {
        title: `Re-Value city film: ${city}`,
        city,
        projectId: projectId('Re-Value'),
      });
      summary.films++;
    }
  }

  const demo = await getEventBySlug(DEMO_EVENT_SLUG);
  const demoName = 'Demo cluster stand (fictional)';
  if ((await listStandsOfEvent(demo.id)).some((s) => s.name === demoName)) return summary;
  const people = new Map<string, string>();
  for (const person of demoStandPeople) {
    const { person: saved, outcome } = await upsertPersonByEmail({
      name: person.name,
      email: person.email,
      consent: { contact: true, photo: false },
    });
    people.set(person.email, saved.id);
    if (outcome === 'created') summary.people++;
  }
  const stand = await createStand(demo.id, {
    name: demoName,
    clusterId: cluster?.id,
    hall: 'Hall B',
    standNumber: '12',
    floorAreaM2: 30,
    notes: 'A fictional stand that shows the planner: a coverage gap and a double booking are left in on purpose.',
    projectIds: PROJECTS.map(projectId),
    contacts: [
      { projectId: projectId('Re-Value'), personId: people.get('stand-lead@example.org')! },
      { projectId: projectId('UP2030'), personId: people.get('stand-staff@example.org')! },
      { projectId: projectId('CLIMABOROUGH'), personId: people.get('stand-av@example.org')! },
    ],
    minStaff: 2,
    zones: [...zones.map((z) => ({ ...z, items: [] })), { kind: 'meeting-table', name: 'Meeting table', items: [] }],
  });
  summary.stands++;
  // The demo event's registered codes hang in its zones (the registry keeps the placement).
  const demoCodes = await listAllQrCodes({ eventId: demo.id }, '');
  for (const [zoneKind, codeKinds] of [
    ['resource-corner', ['stand-poster', 'resource']],
    ['game-table', ['kit']],
  ] as const) {
    const zone = stand.zones.find((z) => z.kind === zoneKind);
    const ids = demoCodes.filter((c) => (codeKinds as readonly string[]).includes(c.kind)).map((c) => c.id);
    if (zone && ids.length > 0) await updateZone(stand.id, zone.id, { qrCodeIds: ids });
  }
  for (const person of demoStandPeople) {
    await addTeamMember(stand.id, {
      personId: people.get(person.email)!,
      projectId: projectId(person.project),
      role: person.role,
    });
  }
  const zone = demo.timeZone;
  const first = DateTime.fromISO(demo.startDate, { zone });
  const at = (day: number, time: string) =>
    DateTime.fromISO(`${first.plus({ days: day }).toISODate()}T${time}`, { zone }).toJSDate();
  await setOpeningHours(stand.id, [
    { start: at(0, '10:30'), end: at(0, '18:00') },
    { start: at(1, '10:00'), end: at(1, '18:00') },
    { start: at(2, '10:00'), end: at(2, '16:00') },
  ]);
  const film = stand.zones.find((z) => z.kind === 'film-corner')?.id;
  const who = (email: string) => people.get(email)!;
  const shifts = [
    { day: 0, from: '10:30', to: '14:00', people: ['stand-lead@example.org', 'stand-staff@example.org'] },
    { day: 0, from: '14:00', to: '18:00', people: ['comms@example.org', 'stand-staff@example.org'] },
    { day: 1, from: '10:00', to: '13:00', people: ['stand-lead@example.org', 'stand-av@example.org'] },
    // Alex is also on the film corner from 12:00: the double booking the planner shows.
    { day: 1, from: '12:00', to: '14:00', people: ['stand-av@example.org'], zoneId: film, role: 'av' as const },
    // One person from 13:00 and nobody from 16:00: the coverage gap.
    { day: 1, from: '13:00', to: '16:00', people: ['comms@example.org'] },
    { day: 2, from: '10:00', to: '16:00', people: ['stand-lead@example.org', 'comms@example.org'] },
  ];
  for (const shift of shifts) {
    await createShift(
      stand.id,
      {
        start: at(shift.day, shift.from),
        end: at(shift.day, shift.to),
        zoneId: shift.zoneId,
        needs: shift.role ? [{ role: shift.role, count: 1 }] : [{ role: 'booth', count: 2 }],
        assignees: shift.people.map(who),
      },
      today,
      listCafeDutiesOf,
    );
    summary.shifts++;
  }

  // Materials: one item is late on purpose (due yesterday, still on its way).
  const todayLocal = DateTime.fromJSDate(today, { zone }).startOf('day');
  const due = (days: number) => todayLocal.plus({ days }).toISODate() ?? '';
  const materials = [
    { name: 'Project booklets (demo)', kind: 'booklet', quantityNeeded: 300, quantityPacked: 300, status: 'shipped', dueDate: due(-1), owner: 'Re-Value' },
    { name: 'City postcards (demo)', kind: 'postcard', quantityNeeded: 27, quantityPacked: 27, status: 'ordered', dueDate: due(10), owner: 'UP2030' },
    { name: 'Dominoes game kits (demo)', kind: 'game-kit', quantityNeeded: 50, quantityPacked: 20, status: 'ordered', dueDate: due(12), owner: 'Re-Value' },
    { name: 'Roll-up banner (demo)', kind: 'roll-up', quantityNeeded: 3, quantityPacked: 0, status: 'to-order', dueDate: due(7), owner: 'CLIMABOROUGH' },
    { name: 'Screen and HDMI cable (demo)', kind: 'screen', quantityNeeded: 1, quantityPacked: 1, status: 'shipped', dueDate: due(13), owner: 'CLIMABOROUGH' },
  ] as const;
  for (const { owner, ...item } of materials) {
    await addMaterial(stand.id, { ...item, ownerProjectId: projectId(owner) }, today);
    summary.materials++;
  }
  const films = [];
  for (const film of [
    { title: 'Waterfront walk (demo film)', city: 'Demo City', durationMinutes: 8, language: 'English' },
    { title: 'Dominoes in the square (demo film)', city: 'Demo City', durationMinutes: 5, language: 'English', subtitles: 'Lithuanian' },
  ]) {
    films.push(await addFilm(stand.id, { ...film, projectId: projectId('Re-Value') }));
    summary.films++;
  }
  const screenings = [
    { mode: 'loop' as const, filmIds: films.map((f) => f.id), start: at(0, '10:30'), end: at(0, '18:00') },
    { mode: 'loop' as const, filmIds: films.map((f) => f.id), start: at(1, '10:00'), end: at(1, '14:00') },
    // Starts before the loop ends: the overlap the schedule flags.
    { mode: 'fixed' as const, filmIds: [films[0]!.id], start: at(1, '13:55') },
    { mode: 'fixed' as const, filmIds: [films[1]!.id], start: at(2, '11:00') },
  ];
  for (const screening of screenings) {
    await addScreening(stand.id, screening);
    summary.screenings++;
  }
  return summary;
}
