import { DateTime } from 'luxon';
import {
  countKits,
  createKits,
  linkKitCodes,
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

type Count = (collection: 'kitTypes' | 'kitHandOuts' | 'demoKits', outcome: UpsertOutcome) => void;

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

/** Demo kits on the demo event: some in stock, some handed out, one tally from paper. */
export async function seedKitsDemo(
  ids: { kitTypeId: string; demoEventId: string },
  today: Date,
  count: Count,
): Promise<void> {
  // Kits seeded before codes could lead to kits: their codes now lead to the kits.
  await linkKitCodes(SEED_BASE_URL);
  if ((await countKits({ kitTypeId: ids.kitTypeId })) > 0) {
    for (let i = 0; i < DEMO_KITS; i++) count('demoKits', 'unchanged');
    for (let i = 0; i <= demoRecipients.length; i++) count('kitHandOuts', 'unchanged');
    return;
  }
  const kits = await createKits(ids.kitTypeId, { count: DEMO_KITS }, SEED_BASE_URL);
  kits.forEach(() => count('demoKits', 'created'));
  const firstDay = DateTime.fromJSDate(today, { zone: 'Europe/Vilnius' }).startOf('day').plus({ days: 14, hours: 11 });
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
