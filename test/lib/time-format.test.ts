import assert from 'node:assert/strict';
import { formatDateTime, formatDay, zoneLabel } from '../../src/lib/time-format';

describe('time formatting (src/lib/time-format)', () => {
  it('when an instant is written in a zone, then it reads European style in that zone, naming it', () => {
    assert.equal(
      formatDateTime(new Date('2025-05-06T11:00:00Z'), 'Europe/Vilnius'),
      'Tue 6 May 2025, 14:00 (Vilnius)',
    );
    // Winter time in Vilnius is UTC+2; the same instant in Lisbon is UTC+0.
    assert.equal(
      formatDateTime(new Date('2026-12-08T07:06:00Z'), 'Europe/Vilnius'),
      'Tue 8 Dec 2026, 09:06 (Vilnius)',
    );
    assert.equal(
      formatDateTime(new Date('2026-12-08T07:06:00Z'), 'Europe/Lisbon'),
      'Tue 8 Dec 2026, 07:06 (Lisbon)',
    );
    assert.equal(formatDay(new Date('2026-12-07T22:30:00Z'), 'Europe/Vilnius'), 'Tue 8 Dec 2026');
  });

  it('when a zone has a multi-part name, then its last part is said in words', () => {
    assert.equal(zoneLabel('America/Argentina/Buenos_Aires'), 'Buenos Aires');
    assert.equal(zoneLabel('UTC'), 'UTC');
  });
});
