import assert from 'node:assert/strict';
import {
  kitReport,
  listBatches,
  listHandOuts,
  listKitTypes,
  listPlayReports,
} from '../../../src/components/kits';
import { getEventBySlug } from '../../../src/components/events';
import { DEMO_EVENT_SLUG } from '../../../seeds/data/demo-event';
import { createLogger } from '../../../src/lib/logger';
import { seedDatabase } from '../../../seeds';
import { clearDatabase } from '../../helpers/hooks';

describe('kits seeds', function () {
  this.timeout(60_000);
  before(async () => {
    await clearDatabase();
    await seedDatabase(createLogger('silent'));
  });

  it("has the Dominoes game of Re-Value and the report's tally: more than 250, no recipients, no invented day", async () => {
    const [type] = await listKitTypes();
    assert.equal(type?.name, 'NEB Impact Model Dominoes game');
    const conference = await getEventBySlug('2025-cities-mission-conference');
    const tallies = await listHandOuts({ kitTypeId: type!.id, eventId: conference.id });
    assert.equal(tallies.length, 1);
    assert.equal(tallies[0]?.kind, 'aggregate');
    assert.equal(tallies[0]?.count, 250);
    assert.equal(tallies[0]?.countQualifier, 'more-than');
    assert.equal(tallies[0]?.recipientId, undefined);
    assert.equal(tallies[0]?.handedOutAt, undefined);
  });

  it('fills in the fictional demo: a batch with its moves, earlier hand-outs with plays and a claim, hand-outs on the demo event, follow-ups due', async () => {
    const [type] = await listKitTypes();
    const demo = await getEventBySlug(DEMO_EVENT_SLUG);
    const [batch] = await listBatches(type!.id);
    assert.match(batch!.label, /fictional/);
    assert.deepEqual(
      batch!.moves.map((m) => m.location),
      ['warehouse', 'shipped'],
    );
    const handOuts = await listHandOuts({ kitTypeId: type!.id });
    const named = handOuts.filter((h) => h.kind === 'named');
    assert.equal(named.length, 7);
    assert.equal(named.filter((h) => h.eventId === demo.id).length, 4);
    // The claimed one is confirmed with consents stored; earlier ones are older than four weeks.
    const claimed = named.filter((h) => h.confirmedAt);
    assert.equal(claimed.length, 1);
    assert.equal(claimed[0]?.consents.followUp.given, true);
    const due = named.filter(
      (h) =>
        h.consents.followUp.given &&
        h.handedOutAt &&
        h.handedOutAt.getTime() < Date.now() - 28 * 86_400_000,
    );
    assert.equal(due.length, 2);
    const plays = await listPlayReports({ kitTypeId: type!.id });
    assert.equal(plays.length, 3);
    for (const play of plays) assert.ok(play.playedOn <= new Date().toISOString().slice(0, 10));
    const report = await kitReport({ kitTypeId: type!.id });
    assert.equal(report.reach.players, 62);
    assert.deepEqual(report.byStatus, {
      'in-stock': 17,
      'handed-out': 5,
      registered: 0,
      played: 2,
    });
    assert.equal(report.handedOut.total.label, 'more than 269');
  });
});
