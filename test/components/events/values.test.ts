import assert from 'node:assert/strict';
import { formatDateRange, formatItemTime } from '../../../src/components/events/dates.format';
import {
  escapeRegExp,
  isCalendarDate,
  isCountryCode,
  isTimeZone,
  slugify,
} from '../../../src/components/events/values';

describe('events value rules', () => {
  it('when a country code is ISO 3166-1 alpha-2, then it is accepted; made-up or lower-case codes are not', () => {
    for (const code of ['LT', 'NO', 'TR', 'CZ', 'HR', 'RO']) assert.ok(isCountryCode(code), code);
    for (const code of ['XX', 'UK', 'EU', 'SU', 'lt', 'LTU', '', 'L1'])
      assert.equal(isCountryCode(code), false, code);
  });

  it('when a date is a real calendar day written YYYY-MM-DD, then it is accepted', () => {
    assert.ok(isCalendarDate('2025-05-06'));
    assert.ok(isCalendarDate('2024-02-29'));
    for (const bad of ['2025-02-30', '2025-5-6', '06/05/2025', '2025-05-06T10:00:00Z', '']) {
      assert.equal(isCalendarDate(bad), false, bad);
    }
  });

  it('when a time zone is an IANA name, then it is accepted; offsets and nonsense are not', () => {
    for (const zone of [
      'Europe/Vilnius',
      'Europe/Brussels',
      'America/Argentina/Buenos_Aires',
      'UTC',
    ]) {
      assert.ok(isTimeZone(zone), zone);
    }
    for (const zone of ['+02:00', 'Europe/Atlantis', 'Mars/Olympus', '', '../etc']) {
      assert.equal(isTimeZone(zone), false, zone);
    }
  });

  it('when a name has diacritics, then its slug folds them to ASCII', () => {
    assert.equal(slugify('Constanța — Písek & İzmir, Ålesund'), 'constanta-pisek-izmir-alesund');
    assert.equal(slugify('2025 Cities Mission Conference'), '2025-cities-mission-conference');
  });

  it('when search text holds regex characters, then they are escaped', () => {
    const pattern = new RegExp(escapeRegExp('a.*(b)?'));
    assert.ok(pattern.test('xa.*(b)?y'));
    assert.equal(pattern.test('aXXb'), false);
  });

  it('when dates are formatted, then day and month precision read naturally', () => {
    assert.equal(formatDateRange('2025-05-06', '2025-05-08', 'day'), '6–8 May 2025');
    assert.equal(formatDateRange('2025-11-03', '2025-11-03', 'day'), '3 November 2025');
    assert.equal(
      formatDateRange('2026-10-01', '2026-10-31', 'month'),
      'October 2026 (dates to be confirmed)',
    );
    assert.equal(
      formatDateRange('2025-12-30', '2026-01-02', 'day'),
      '30 December 2025 – 2 January 2026',
    );
  });

  it('when a programme time is formatted, then it is shown in the event zone, whatever the server zone', () => {
    const start = new Date('2025-05-07T11:00:00Z');
    const end = new Date('2025-05-07T12:30:00Z');
    assert.equal(formatItemTime(start, end, false, 'Europe/Vilnius'), 'Wed 7 May, 14:00–15:30');
    assert.equal(formatItemTime(start, end, false, 'Europe/Brussels'), 'Wed 7 May, 13:00–14:30');
    const dayStart = new Date('2025-05-05T21:00:00Z');
    const dayEnd = new Date('2025-05-06T21:00:00Z');
    assert.equal(formatItemTime(dayStart, dayEnd, true, 'Europe/Vilnius'), 'Tue 6 May, all day');
  });
});
