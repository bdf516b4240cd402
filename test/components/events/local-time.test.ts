import assert from 'node:assert/strict';
import {
  instantFromLocalInput,
  localInputFromInstant,
} from '../../../src/components/events/local-time';

const instant = (value: string, zone: string) => {
  const result = instantFromLocalInput(value, zone);
  return result.ok ? result.instant.toISOString() : result.problem;
};

describe('programme times: wall clock in the event zone ↔ instant', () => {
  it('when a time is typed in summer or winter, then the offset of that date applies', () => {
    assert.equal(instant('2025-05-07T10:00', 'Europe/Vilnius'), '2025-05-07T07:00:00.000Z');
    assert.equal(instant('2025-01-07T10:00', 'Europe/Vilnius'), '2025-01-07T08:00:00.000Z');
    assert.equal(instant('2025-07-01T09:00', 'America/New_York'), '2025-07-01T13:00:00.000Z');
  });

  it('when the clocks skip the time (spring forward), then it is refused as skipped', () => {
    assert.equal(instant('2025-03-30T03:30', 'Europe/Vilnius'), 'skipped');
    assert.equal(instant('2025-03-09T02:30', 'America/New_York'), 'skipped');
    assert.equal(instant('2025-03-30T04:00', 'Europe/Vilnius'), '2025-03-30T01:00:00.000Z');
  });

  it('when the clocks show the time twice (fall back), then its first occurrence is meant', () => {
    assert.equal(instant('2025-10-26T03:30', 'Europe/Vilnius'), '2025-10-26T00:30:00.000Z');
    assert.equal(instant('2025-11-02T01:30', 'America/New_York'), '2025-11-02T05:30:00.000Z');
  });

  it('when the input is not a real local date-time, then it is a format problem', () => {
    for (const value of ['2025-02-30T10:00', '2025-05-07 10:00', '2025-05-07T25:00', '', 'x']) {
      assert.equal(instant(value, 'Europe/Vilnius'), 'format', value);
    }
  });

  it('when an instant is shown for the form, then it is the wall clock of the zone, both halves of a repeated hour alike', () => {
    assert.equal(
      localInputFromInstant(new Date('2025-05-07T07:00:00Z'), 'Europe/Vilnius'),
      '2025-05-07T10:00',
    );
    assert.equal(
      localInputFromInstant(new Date('2025-10-26T00:30:00Z'), 'Europe/Vilnius'),
      '2025-10-26T03:30',
    );
    assert.equal(
      localInputFromInstant(new Date('2025-10-26T01:30:00Z'), 'Europe/Vilnius'),
      '2025-10-26T03:30',
    );
  });
});
