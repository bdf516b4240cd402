import { DateTime } from 'luxon';
import {
  claimForm,
  completeClaim,
  countKits,
  createBatch,
  createKits,
  issueClaimLink,
  linkKitCodes,
  moveBatch,
  playReportForm,
  reportPlay,
  handOutKit,
  listHandOuts,
  recordAggregateHandOut,
  upsertKitTypeByPrefix,
} from '../../src/components/kits';
import type { UpsertOutcome } from '../../src/components/events';

/**
 * The NEB Impact Model Dominoes game of Re-Value, and what the report says of its
 * hand-out at the 2025 conference: "More than 250 game kits were disseminated to city
 * representatives" — a tally without recipients and without a day (the event says
 * when). Plus fictional demo kits and hand-outs on the demo event.
 */
export const DOMINOES_PREFIX = 'DOM';

export const dominoesKitType = {
  name: 'NEB Impact Model Dominoes game',
  serialPrefix: DOMINOES_PREFIX,
  description:
    'A practical way to approach collaboration on climate action. The game turns theory into action, ' +
    'encouraging players to explore co-benefits and identify conflicts of interest within their projects.',
  followUpWeeks: [4, 12],
};

export const KIT_SEED_COLLECTIONS = [
  'kitTypes',
  'kitHandOuts',
  'demoKits',
  'demoKitBatches',
  'demoKitClaims',
  'demoPlayReports',
] as const;
type Count = (collection: (typeof KIT_SEED_COLLECTIONS)[number], outcome: UpsertOutcome) => void;

export async function seedKits(
  ids: { reValueProjectId: string; conferenceId: string },
  count: Count,
): Promise<string> {
  const { kitType, outcome } = await upsertKitTypeByPrefix({
    ...dominoesKitType,
    projectId: ids.reValueProjectId,
  });
  count('kitTypes', outcome);
  const tallies = await listHandOuts({ kitTypeId: kitType.id, eventId: ids.conferenceId });
  if (tallies.some((h) => h.kind === 'aggregate')) count('kitHandOuts', 'unchanged');
  else {
    await recordAggregateHandOut(
      kitType.id,
      {
        count: 250,
        countQualifier: 'more-than',
        eventId: ids.conferenceId,
        note: 'More than 250 game kits were disseminated to city representatives (Re-Value D7.7).',
      },
      new Date(),
      { source: 'report' },
    );
    count('kitHandOuts', 'created');
  }
  return kitType.id;
}

const DEMO_KITS = 24;
/** As the QR seeds: codes store no address; only their kit-page target depends on it. */
const SEED_BASE_URL = 'http://localhost';
const demoRecipients = [
  { name: 'Alda Example (demo)', organisation: 'City of Exampleville (fictional)', city: 'Exampleville', country: 'LT', email: 'alda@example.org', followUp: true },
  { name: 'Bo Sample (demo)', organisation: 'Sample Town Hall (fictional)', city: 'Sampleton', country: 'LV', email: 'bo@example.org', followUp: true },
  { name: 'Cas Placeholder (demo)', organisation: 'Placeholder Region (fictional)', city: 'Placeholder', country: 'EE', email: 'cas@example.org', followUp: false },
  { name: '', organisation: '', city: 'Exampleville', country: 'LT', email: '', followUp: false },
];

/**
 * Handed out at a fictional partners' workshop six weeks before seeding (no event):
 * old enough for plays to be reported and for the 4-week follow-up to be due, so the
 * evidence page, the reach figures and the follow-up schedule are not empty.
 */
const demoEarlierRecipients = [
  { name: 'Dana Demo (demo)', organisation: 'Demo City Council (fictional)', city: 'Exampleville', country: 'LT', email: 'dana@example.org', followUp: true },
  // Handed out anonymously; the recipient claims the kit through an e-mailed link.
  { name: '', organisation: '', city: 'Sampleton', country: 'LV', email: '', followUp: false },
  { name: 'Fen Illustrative (demo)', organisation: 'Illustrative University (fictional)', city: 'Placeholder', country: 'EE', email: 'fen@example.org', followUp: false },
];
const { email: demoClaimEmail, ...demoClaim } = { name: 'Eli Fictional (demo)', organisation: 'Sampleton Planning Office (fictional)', city: 'Sampleton', country: 'LV', email: 'eli@example.org' };
/** Plays reported back home: [which earlier hand-out, days after it, the report]. */
const demoPlays: [number, number, Record<string, string>][] = [
  [0, 9, { city: 'Exampleville', country: 'LT', players: '8', setting: 'municipal-team', coBenefits: 'Demo: shade trees also cut the heat in the school yard.', conflicts: 'Demo: parking spaces against new green space.', text: 'Demo report: the planning team played one round over lunch.' }],
  [0, 23, { city: 'Exampleville', country: 'LT', players: '24', setting: 'workshop-with-residents', coBenefits: 'Demo: a rain garden that is also a meeting place.', text: 'Demo report: residents of a fictional district played in two groups.' }],
  [1, 16, { city: 'Sampleton', country: 'LV', players: '30', setting: 'school', coBenefits: 'Demo: pupils linked cycling paths to cleaner air.' }],
];

/**
 * Demo kits on the demo event: a batch (from the warehouse, shipped), 24 kits in it,
 * earlier hand-outs with plays and a claim, hand-outs on the demo event's first day
 * and a paper tally. Everything here is fictional (names say so, example.org addresses).
 */
export async function seedKitsDemo(
  ids: { kitTypeId: string; demoEventId: string },
  today: Date,
  count: Count,
): Promise<void> {
  // Kits seeded before codes could lead to kits: their codes now lead to the kits.
  await linkKitCodes(SEED_BASE_URL);
  if ((await countKits({ kitTypeId: ids.kitTypeId })) > 0) {
    count('demoKitBatches', 'unchanged');
    for (let i = 0; i < DEMO_KITS; i++) count('demoKits', 'unchanged');
    for (let i = 0; i <= demoRecipients.length + demoEarlierRecipients.length; i++)
      count('kitHandOuts', 'unchanged');
    count('demoKitClaims', 'unchanged');
    demoPlays.forEach(() => count('demoPlayReports', 'unchanged'));
    return;
  }
  const local = DateTime.fromJSDate(today, { zone: 'Europe/Vilnius' }).startOf('day');
  const batch = await createBatch(
    {
      kitTypeId: ids.kitTypeId,
      label: 'Demo batch A (fictional)',
      quantity: DEMO_KITS,
      location: 'warehouse',
      eventId: ids.demoEventId,
    },
    local.minus({ weeks: 8 }).plus({ hours: 9 }).toJSDate(),
  );
  await moveBatch(
    batch.id,
    { location: 'shipped', note: 'Demo: sent to the demo venue.' },
    local.minus({ days: 3 }).plus({ hours: 10 }).toJSDate(),
  );
  count('demoKitBatches', 'created');
  const kits = await createKits(ids.kitTypeId, { count: DEMO_KITS, batchId: batch.id }, SEED_BASE_URL);
  kits.forEach(() => count('demoKits', 'created'));

  const earlierDay = local.minus({ weeks: 6 }).plus({ hours: 14 });
  const earlier: string[] = [];
  for (const [i, r] of demoEarlierRecipients.entries()) {
    const at = earlierDay.plus({ minutes: 5 * i }).toJSDate();
    const { handOut } = await handOutKit(
      { kitId: kits[demoRecipients.length + i]!.id },
      {
        recipient: { name: r.name, organisation: r.organisation, city: r.city, country: r.country, email: r.email },
        consents: { followUp: r.followUp, newsletter: false },
        handedOutAt: at.toISOString(),
        clientId: `demo-earlier-hand-out-${i + 1}`,
        note: "Demo: handed out at a fictional partners' workshop before the demo event.",
      },
      at,
      { source: 'stand' },
    );
    earlier.push(handOut.id);
    count('kitHandOuts', 'created');
  }
  // The anonymous recipient registers the kit with the e-mailed link.
  // Yesterday: a used link is kept until a day after it would have expired (TTL index),
  // so a claim dated weeks back would leave no trace of its link.
  const claimedAt = local.minus({ days: 1 }).plus({ hours: 18 }).toJSDate();
  const { link } = await issueClaimLink(earlier[1]!, demoClaimEmail, claimedAt, SEED_BASE_URL);
  await completeClaim(
    link.slice(link.lastIndexOf('/') + 1),
    claimForm.parse({ ...demoClaim, followUp: 'yes' }),
    claimedAt,
  );
  count('demoKitClaims', 'created');
  for (const [which, days, report] of demoPlays) {
    const on = earlierDay.plus({ days });
    await reportPlay(
      kits[demoRecipients.length + which]!.id,
      playReportForm.parse({ ...report, playedOn: on.toISODate() }),
      on.plus({ hours: 6 }).toJSDate(),
    );
    count('demoPlayReports', 'created');
  }

  const firstDay = local.plus({ days: 14, hours: 11 });
  for (const [i, r] of demoRecipients.entries()) {
    await handOutKit(
      { kitId: kits[i]!.id },
      {
        recipient: { name: r.name, organisation: r.organisation, city: r.city, country: r.country, email: r.email },
        consents: { followUp: r.followUp, newsletter: false },
        eventId: ids.demoEventId,
        handedOutAt: firstDay.plus({ minutes: 7 * i }).toISO() ?? undefined,
        clientId: `demo-hand-out-${i + 1}`,
      },
      today,
      { source: 'stand' },
    );
    count('kitHandOuts', 'created');
  }
  await recordAggregateHandOut(
    ids.kitTypeId,
    {
      count: 12,
      countQualifier: 'at-least',
      eventId: ids.demoEventId,
      note: 'Demo: a paper tally from the second stand day.',
    },
    today,
    { source: 'stand' },
  );
  count('kitHandOuts', 'created');
}
