import { DateTime } from 'luxon';
import {
  getEventBySlug,
  listProgrammeItems,
  type UpsertOutcome,
} from '../../src/components/events';
import sharp from 'sharp';
import {
  castVisitorVote,
  getTable,
  putDot,
  putNote,
  putOutcomes,
  putPhoto,
  putQuote,
  reviewSummary,
  saveSummaryDraft,
  submitSummary,
  upsertSessionByTitle,
  upsertSessionQuote,
  upsertTableByNumber,
  type SeedTableInput,
  type TableView,
} from '../../src/components/world-cafe';
import { DEMO_EVENT_SLUG } from './demo-event';

/**
 * World Café seed data.
 *
 * The real 2025 session keeps only what the source report (Re-Value D7.7, section 6.3)
 * says: its title, three tables with their lead projects and objectives (verbatim),
 * each table's outcomes as the report publishes them (the summary paragraph verbatim,
 * key outcomes as the report's own phrases), and the City of Riga quote with the
 * report's attribution. No host, rapporteur, format, time or participant is invented;
 * the session spans the conference days like its programme entry.
 *
 * The fictional demo event's World Café shows the rest: hosts, rounds, participants
 * (counts per round, or people), notes, dots, quotes with and without consent, a
 * draft summary, and a published summary with a flipchart photo, a consented quote
 * and visitors' votes on its key outcomes.
 */

export const REAL_SESSION_TITLE = 'Urban Planning and Design for Climate Impact';
const REAL_EVENT_SLUG = '2025-cities-mission-conference';

export const realTables: (Omit<SeedTableInput, 'leadProjectId'> & { lead: string })[] = [
  {
    number: 1,
    lead: 'UP2030',
    objectives: [
      "Collecting insights, lessons learned, and actions on Thessaloniki's challenges",
      'Promote collaboration and knowledge exchange between participants.',
    ],
    summary: {
      status: 'published',
      text:
        'In Table 1 guided by UP2030, discussions centred on how to accelerate climate neutrality in the ' +
        'Dioikitirion neighbourhood in Thessaloniki. Participants stressed the importance of prototyping even on ' +
        'a small scale, using tools such as VR to visualise change, and mapping all relevant stakeholders to ' +
        'ensure sustained collaboration. It was also highlighted that cities must join forces to influence ' +
        'sectors beyond their jurisdiction and motivate citizens to actively engage in climate action.',
      keyOutcomes: [
        'prototyping even on a small scale',
        'using tools such as VR to visualise change',
        'mapping all relevant stakeholders to ensure sustained collaboration',
        'cities must join forces to influence sectors beyond their jurisdiction and motivate citizens to actively engage in climate action',
      ],
    },
  },
  {
    number: 2,
    lead: 'CLIMABOROUGH',
    objectives: [
      'How to connect small scale experiments to city wide urban planning and design with the aim to prevent waste generation.',
    ],
    summary: {
      status: 'published',
      text:
        'Table 2 guided by CLIMABOROUGH examined how to prevent textile waste. Outcomes pointed to the role of ' +
        'cities as enablers, involving large businesses to take responsibility, and reframing waste as a ' +
        'community resource without hiding the scale of the issue. Cities were encouraged to create central ' +
        'spaces for repair, reuse and entrepreneurship while testing small-scale solutions that can later be ' +
        'scaled up across the urban system.',
      keyOutcomes: [
        'the role of cities as enablers',
        'involving large businesses to take responsibility',
        'reframing waste as a community resource without hiding the scale of the issue',
        'create central spaces for repair, reuse and entrepreneurship',
        'testing small-scale solutions that can later be scaled up across the urban system',
      ],
    },
  },
  {
    number: 3,
    lead: 'Re-Value',
    objectives: [
      'Explore how to reframe the role of water in urban planning by recognising its environmental, social, and infrastructural value beyond economic use.',
      'Identify ways waterfronts can support climate-neutral strategies through nature-based solutions, public space regeneration, and sustainable mobility.',
    ],
    summary: {
      status: 'published',
      text:
        'In Table 3 guided by Re-Value, participants proposed a reframing of water from a purely economic asset ' +
        'to a driver of social, ecological and infrastructural transformation. Key outcomes included moving from ' +
        'pilot projects to integrated portfolios for long-term coastal strategies, replicating solutions in ' +
        'locally adapted ways, and ensuring stakeholders are fully involved throughout planning and ' +
        'implementation to build ownership and impact.',
      keyOutcomes: [
        'moving from pilot projects to integrated portfolios for long-term coastal strategies',
        'replicating solutions in locally adapted ways',
        'ensuring stakeholders are fully involved throughout planning and implementation to build ownership and impact',
      ],
    },
  },
];

export const RIGA_QUOTE = {
  text: 'we should prioritise working with citizens to change their habits that have negative climate impacts.',
  attribution: 'a representative from the City of Riga',
  city: 'Riga',
};

type Counter = (collection: WorldCafeCollection, outcome: UpsertOutcome) => void;
export const WORLD_CAFE_COLLECTIONS = [
  'worldCafeSessions',
  'worldCafeTables',
  'worldCafeQuotes',
  'worldCafeNotes',
  'worldCafePhotos',
  'worldCafeVotes',
] as const;
export type WorldCafeCollection = (typeof WORLD_CAFE_COLLECTIONS)[number];

/** Seeds both sessions; idempotent (natural keys: title, table number, client ids). */
export async function seedWorldCafe(
  projectId: (acronym: string) => string,
  count: Counter,
): Promise<void> {
  await seedRealSession(projectId, count);
  await seedDemoSession(projectId, count);
}

async function programmeItemOf(eventSlug: string, titleStart: string) {
  const event = await getEventBySlug(eventSlug);
  const item = (await listProgrammeItems(event.id)).find((i) => i.title.startsWith(titleStart));
  if (!item) throw new Error(`seed data: no programme item "${titleStart}" in ${eventSlug}`);
  return { event, item };
}

async function seedRealSession(projectId: (acronym: string) => string, count: Counter) {
  const { event, item } = await programmeItemOf(REAL_EVENT_SLUG, 'World Café: Urban Planning');
  const { session, outcome } = await upsertSessionByTitle({
    eventId: event.id,
    programmeItemId: item.id,
    title: REAL_SESSION_TITLE,
    start: item.start,
    end: item.end,
    allDay: true,
  });
  count('worldCafeSessions', outcome);
  for (const { lead, ...table } of realTables) {
    const result = await upsertTableByNumber(session.id, { ...table, leadProjectId: projectId(lead) });
    count('worldCafeTables', result.outcome);
  }
  const quote = await upsertSessionQuote({
    sessionId: session.id,
    clientId: 'report-riga-quote',
    ...RIGA_QUOTE,
    // The report does not say when it was said; the session's start stands for "during the session".
    capturedAt: session.start,
  });
  count('worldCafeQuotes', quote.outcome);
}

const DEMO_HOST = { name: 'Frida Facilitator (demo)', email: 'facilitator@example.org' };
const DEMO_RAPPORTEUR = { name: 'Rafa Rapporteur (demo)', email: 'rapporteur@example.org' };
/** Participants named at table 3 (demo people; the visitor gave no address for contact). */
const DEMO_PARTICIPANTS = [
  { name: 'Carla Comms (demo)', email: 'comms@example.org' },
  { name: 'Vic Visitor (demo)' },
];

/** A flipchart drawn for the demo (an SVG rendered to JPEG), clearly marked as demo. */
function demoFlipchart(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900">
    <rect width="1200" height="900" fill="#fdfdf8"/>
    <text x="60" y="120" font-family="DejaVu Sans, sans-serif" font-size="64" fill="#1d4e89">Repair and reuse hub</text>
    <text x="60" y="260" font-family="DejaVu Sans, sans-serif" font-size="44" fill="#333">• one central place to repair</text>
    <text x="60" y="340" font-family="DejaVu Sans, sans-serif" font-size="44" fill="#333">• shops take back what they sell</text>
    <text x="60" y="420" font-family="DejaVu Sans, sans-serif" font-size="44" fill="#333">• start small, then scale up</text>
    <circle cx="1000" cy="260" r="18" fill="#d33"/><circle cx="1050" cy="260" r="18" fill="#d33"/>
    <text x="60" y="820" font-family="DejaVu Sans, sans-serif" font-size="36" fill="#999">demo flipchart</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

/**
 * Demo table 2 goes through the whole workflow once: key outcomes, a consented quote
 * and a photo chosen in the rapporteur's summary, submitted and published; then
 * visitors' votes. Re-seeding finds it published and stores nothing again.
 */
async function seedPublishedDemoTable(
  table: TableView,
  at: (minutes: number) => Date,
  count: Counter,
) {
  const photo = await putPhoto(
    table.id,
    'demo-photo-0001',
    { data: await demoFlipchart(), caption: 'Flipchart of round 2 (demo)', round: 2 },
    at(50),
  );
  count('worldCafePhotos', photo.created ? 'created' : 'unchanged');
  const quote = await putQuote(
    table.id,
    'demo-quote-0003',
    {
      text: 'Repair should be as easy to find as a supermarket. (demo)',
      consent: true,
      speaker: { role: 'community organiser (demo)', city: 'Demo City' },
      round: 2,
      capturedAt: at(40),
    },
    at(40),
  );
  count('worldCafeQuotes', quote.created ? 'created' : 'unchanged');
  if (table.summary.status !== 'published') {
    await putOutcomes(
      table.id,
      {
        baseVersion: table.outcomes.version,
        items: [
          { text: 'One central repair and reuse place per district (demo)' },
          { text: 'Shops take back what they sell (demo)' },
        ],
      },
      at(55),
    );
    await saveSummaryDraft(table.id, {
      text: 'Published (demo): the table asks for a central repair and reuse place, with shops taking back what they sell.',
      quoteIds: [quote.value.id],
      photoIds: [photo.value.id],
    });
    await submitSummary(table.id, at(60));
    await reviewSummary(table.id, 'publish', undefined, at(70));
  }
  const outcomes = (await getTable(table.id)).outcomes.items;
  const visitors = ['demo-visitor-0000000000001', 'demo-visitor-0000000000002', 'demo-visitor-0000000000003'];
  for (const [i, visitor] of visitors.entries()) {
    const outcome = outcomes[i % outcomes.length]!;
    const vote = await castVisitorVote(table.sessionId, outcome.id, visitor, at(75 + i));
    count('worldCafeVotes', vote.counted ? 'created' : 'unchanged');
  }
}

async function seedDemoSession(projectId: (acronym: string) => string, count: Counter) {
  const { event, item } = await programmeItemOf(DEMO_EVENT_SLUG, 'World Café: Cities and water');
  const { session, outcome } = await upsertSessionByTitle({
    eventId: event.id,
    programmeItemId: item.id,
    title: 'Cities and water (demo)',
    room: item.location,
    start: item.start,
    end: item.end,
    allDay: false,
    format: { rounds: 2, roundMinutes: 25, breakMinutes: 5 },
    facilitators: [DEMO_HOST],
    languages: ['en', 'lt'],
    wallAccess: 'public',
  });
  count('worldCafeSessions', outcome);
  const at = (minutes: number) =>
    DateTime.fromJSDate(item.start).plus({ minutes }).toJSDate();
  const demoTables = [
    { number: 1, lead: 'UP2030', topic: 'Neighbourhood prototypes (demo)' },
    { number: 2, lead: 'CLIMABOROUGH', topic: 'Repair and reuse hubs (demo)' },
    { number: 3, lead: 'Re-Value', topic: 'Waterfronts for everyone (demo)' },
  ];
  for (const demo of demoTables) {
    const { table, outcome: tableOutcome } = await upsertTableByNumber(session.id, {
      number: demo.number,
      leadProjectId: projectId(demo.lead),
      host: DEMO_HOST,
      rapporteur: DEMO_RAPPORTEUR,
      objectives: [`${demo.topic}: what would a first small step look like?`],
      guidingQuestions: ['Who needs to be at the table?', 'What could we try next month?'],
      capacity: 8,
      ...(demo.number === 3
        ? { participants: DEMO_PARTICIPANTS }
        : {
            participantCounts: [
              { round: 1, count: 6 },
              { round: 2, count: 7 },
            ],
          }),
      summary:
        demo.number === 1
          ? {
              status: 'draft',
              text: 'Draft (demo): the table wants to start with one street and bring transport operators in early.',
              keyOutcomes: ['Prototype on one street first (demo)', 'Involve transport operators from the start (demo)'],
            }
          : undefined,
    });
    count('worldCafeTables', tableOutcome);
    if (demo.number === 2) await seedPublishedDemoTable(table, at, count);
    if (demo.number !== 1) continue;
    const notes = [
      { id: 'demo-note-0001', text: 'Start with one street, not the whole district (demo)', tags: ['prototyping'] },
      { id: 'demo-note-0002', text: 'Invite the bus operator early (demo)', tags: ['stakeholders'] },
      { id: 'demo-note-0003', text: 'Show the change in VR at the market (demo)', tags: ['tools'] },
    ];
    for (const [i, note] of notes.entries()) {
      const stored = await putNote(table.id, note.id, { text: note.text, tags: note.tags, round: 1, capturedAt: at(5 + i * 4) }, at(5 + i * 4));
      count('worldCafeNotes', stored.created ? 'created' : 'unchanged');
    }
    await putDot(table.id, 'demo-dot-0001', 'demo-note-0001', at(20));
    await putDot(table.id, 'demo-dot-0002', 'demo-note-0001', at(21));
    await putDot(table.id, 'demo-dot-0003', 'demo-note-0002', at(22));
    for (const quote of [
      { id: 'demo-quote-0001', text: 'A pilot is only useful if someone owns the next step. (demo)', consent: true },
      { id: 'demo-quote-0002', text: 'Our council never reads these reports. (demo, no consent)', consent: false },
    ]) {
      const stored = await putQuote(
        table.id,
        quote.id,
        { text: quote.text, consent: quote.consent, speaker: { role: 'city planner (demo)', city: 'Demo City' }, capturedAt: at(15) },
        at(15),
      );
      count('worldCafeQuotes', stored.created ? 'created' : 'unchanged');
    }
  }
}
