import { Types } from 'mongoose';
import {
  createQrCode,
  listAllQrCodes,
  listResources,
  saveFeedbackOnCode,
  upsertPostcard,
  upsertResource,
  writeScans,
  type CreateResourceInput,
  type QrCodeView,
} from '../../src/components/qr';

/**
 * The resource corner and city postcards of the 2025 conference, as the source report
 * (Re-Value D7.7) names them: deliverable codes and titles exactly, dates only where
 * the report gives them, no URLs, covers or stories (pages then say the document or
 * story is coming). Plus fictional demo codes, scans and feedback on the demo event.
 */
export const CONFERENCE_2025_SLUG = '2025-cities-mission-conference';

type SeedResource = Omit<CreateResourceInput, 'projectId' | 'eventIds'>;

export const reValueResources: SeedResource[] = [
  {
    deliverableCode: 'D7.7',
    title: 'Re-Value Impact dialogues with NetZeroCities 2',
    type: 'deliverable',
    publishedOn: '2025-09-30',
    dateKind: 'published',
  },
  {
    deliverableCode: 'D7.4',
    title: 'Re-Value Impact dialogues with NetZeroCities 1',
    type: 'deliverable',
  },
  {
    deliverableCode: 'D7.11',
    title: 'Re-Value Impact dialogues with NetZeroCities 3',
    type: 'deliverable',
    publishedOn: '2026-12',
    dateKind: 'due',
  },
  {
    deliverableCode: 'D6.1',
    title: 'Re-Value Capacity Development and Exchange Programme, Version 1',
    type: 'deliverable',
  },
  {
    deliverableCode: 'D6.2',
    title: 'Re-Value Capacity Development and Exchange Programme, Version 2',
    type: 'deliverable',
  },
  {
    deliverableCode: 'D1.1',
    title: 'Re-Value Impact Model (initial version)',
    type: 'deliverable',
  },
  {
    deliverableCode: 'D1.2',
    title: 'Re-Value Innovation Cycles experience-based report 1',
    type: 'deliverable',
  },
  {
    deliverableCode: 'D8.4',
    title: 'Re-Value Communication, Dissemination and Exploitation Plan 2',
    type: 'deliverable',
    publishedOn: '2024-12',
    dateKind: 'published',
  },
  {
    title: 'NEB Impact Model Dominoes game',
    type: 'game',
    description:
      'A game that turns theory into action: players explore co-benefits and identify conflicts of ' +
      'interest within their projects, as a practical way to approach collaboration on climate action.',
  },
];

/** The nine Re-Value cities (seeds/data/cities.ts); the other cluster cities come by CSV import. */
export const reValuePostcardCities: { city: string; country: string }[] = [
  { city: 'Ålesund', country: 'NO' },
  { city: 'Bruges', country: 'BE' },
  { city: 'Burgas', country: 'BG' },
  { city: 'Rimini', country: 'IT' },
  { city: 'Cascais', country: 'PT' },
  { city: 'Constanța', country: 'RO' },
  { city: 'İzmir', country: 'TR' },
  { city: 'Písek', country: 'CZ' },
  { city: 'Rijeka', country: 'HR' },
];

type Outcome = 'created' | 'updated' | 'unchanged';

/** Seeds the resource corner and postcards (each with its QR code), attached to the 2025 conference. */
export async function seedQrRegistry(
  ids: { reValueProjectId: string; conferenceId: string },
  count: (collection: 'resources' | 'postcards', outcome: Outcome) => void,
): Promise<void> {
  const base = 'http://localhost';
  for (const input of reValueResources) {
    const { outcome } = await upsertResource(
      { ...input, projectId: ids.reValueProjectId, eventIds: [ids.conferenceId] },
      base,
    );
    count('resources', outcome);
  }
  for (const city of reValuePostcardCities) {
    const { outcome } = await upsertPostcard(
      { ...city, projectId: ids.reValueProjectId, eventIds: [ids.conferenceId] },
      base,
    );
    count('postcards', outcome);
  }
}

const DEMO_AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
];

/**
 * Demo codes on the fictional demo event (its event page, a stand poster, the D7.7
 * cover at the demo stand, a game kit whose page is still a placeholder), with
 * fictional scans over the week before seeding and three fictional feedback notes.
 * Runs once: a second seeding finds the codes and adds nothing.
 */
export async function seedQrDemo(
  ids: { demoEventId: string; reValueProjectId: string },
  today: Date,
  count: (collection: 'demoQrCodes', outcome: Outcome) => void,
): Promise<void> {
  const base = 'http://localhost';
  const existing = await listAllQrCodes({ eventId: ids.demoEventId }, base);
  const demoCodes = existing.filter((c) => c.label.endsWith('(demo)'));
  if (demoCodes.length) {
    for (const _ of demoCodes) count('demoQrCodes', 'unchanged');
    return;
  }
  const d77 = (
    await listResources({ projectId: ids.reValueProjectId, page: 1, limit: 50 })
  ).items.find((r) => r.deliverableCode === 'D7.7');
  if (!d77) throw new Error('seed the resource corner before the demo codes');
  const place = { eventId: ids.demoEventId, projectId: ids.reValueProjectId };
  const codes: QrCodeView[] = [
    await createQrCode(
      { kind: 'event-page', label: 'Demo Expo event page (demo)', target: { eventId: ids.demoEventId }, eventId: ids.demoEventId },
      base,
    ),
    await createQrCode(
      { kind: 'stand-poster', label: 'Stand poster, Hall B (demo)', target: { eventId: ids.demoEventId }, ...place },
      base,
    ),
    await createQrCode(
      { kind: 'resource', label: 'D7.7 cover at the demo stand (demo)', target: { resourceId: d77.id }, ...place },
      base,
    ),
    await createQrCode({ kind: 'kit', label: 'Game kit box (demo)', target: { none: true }, ...place }, base),
  ];
  for (const _ of codes) count('demoQrCodes', 'created');

  // Deterministic fictional scans: more on the poster and the cover, most by phone, some links, a few bots.
  const weights = [12, 30, 45, 8];
  const scans = [];
  const dayMs = 86_400_000;
  for (const [index, code] of codes.entries()) {
    for (let n = 0; n < weights[index]!; n++) {
      const at = new Date(today.getTime() - (1 + (n % 7)) * dayMs + ((n * 37) % 600) * 60_000);
      scans.push({
        qrCodeId: new Types.ObjectId(code.id),
        at,
        device: (['mobile', 'mobile', 'tablet', 'desktop'] as const)[n % 4]!,
        viaQr: n % 5 !== 0,
        bot: n % 11 === 10,
        language: (['en', 'lt', 'de'] as const)[n % 3],
        ip: `demo-visitor-${n % 17}`,
        userAgent: DEMO_AGENTS[n % 4]!,
      });
    }
  }
  await writeScans(scans);

  const notes = [
    { code: codes[2]!, rating: 5, comment: 'Clear summary of the dialogues (demo feedback).' },
    { code: codes[2]!, rating: 4, comment: 'Would like a printed copy (demo feedback).' },
    { code: codes[0]!, rating: 3, comment: 'Programme page was easy to find (demo feedback).' },
  ];
  for (const note of notes) {
    await saveFeedbackOnCode(note.code, note.rating, note.comment);
  }
}
