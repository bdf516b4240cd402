import assert from 'node:assert/strict';
import { listHandOuts, listKitTypes } from '../../../src/components/kits';
import { getEventBySlug } from '../../../src/components/events';
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
});
