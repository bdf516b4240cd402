import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { performance } from 'node:perf_hooks';
import { renderCalendar, type CalendarItem } from '../src/components/calendars';
import { size } from './sizes';

const ITEMS = size(2_000, 100);
const RUNS = size(15, 3);
const ZONE = 'Europe/Vilnius';
const BASE_URL = 'https://forumkit.example.org';
const FIRST_START = Date.parse('2025-05-06T06:00:00Z');

/** Two years of half-hour slots, a few all-day and cancelled, as a big programme would have. */
const items: CalendarItem[] = Array.from({ length: ITEMS }, (_, i) => {
  const start = new Date(FIRST_START + i * 9 * 3600_000);
  const allDay = i % 50 === 0;
  return {
    id: `6650aa${String(i).padStart(18, '0')}`,
    title: `Session ${i + 1}: Urban Planning and Design for Climate Impact`,
    description: 'World Café table with three rounds; rapporteurs share outcomes in plenary.',
    location: `Room ${(i % 12) + 1}`,
    start,
    end: new Date(start.getTime() + (allDay ? 24 : 1.5) * 3600_000),
    allDay,
    status: i % 17 === 0 ? 'cancelled' : 'confirmed',
    sequence: i % 3,
    updatedAt: new Date('2025-04-01T10:00:00Z'),
    url: `${BASE_URL}/events/e1#programme-item-${i}`,
  };
});

/** The component: item mapping, the ics adapter (zones, UTC stamps), ETag hashing. */
function viaComponent(): string {
  return renderCalendar({ name: 'Cities Mission Conference – programme', timeZone: ZONE, items })
    .body;
}

/** ical-generator by hand with the same data and the same zone handling, no ETag. */
function bare(): string {
  const cal = ical({
    name: 'Cities Mission Conference – programme',
    timezone: { name: null, generator: getVtimezoneComponent },
  });
  cal.x('X-WR-TIMEZONE', ZONE);
  for (const item of items) {
    cal.createEvent({
      id: `${item.id}@forumkit.example.org`,
      summary: item.title,
      description: item.description,
      location: item.location,
      start: DateTime.fromJSDate(item.start, { zone: ZONE }),
      end: DateTime.fromJSDate(item.end, { zone: ZONE }),
      allDay: item.allDay,
      timezone: ZONE,
      status: item.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      sequence: item.sequence,
      stamp: item.updatedAt,
      lastModified: item.updatedAt,
      url: item.url,
    });
  }
  return cal.toString();
}

function medianMs(run: () => string): { ms: number; bytes: number } {
  let bytes = 0;
  for (let i = 0; i < 3; i++) bytes = run().length; // warm-up (JIT, zone data cache)
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] ?? 0, bytes };
}

/** Prints median render times of a 2,000-item feed (100 in a quick run) and the component/bare ratio. */
export async function runCalendarBench(): Promise<void> {
  const component = medianMs(viaComponent);
  const baseline = medianMs(bare);
  console.log(`${ITEMS}-item feed, median of ${RUNS} runs`);
  console.log(
    `  component (renderCalendar): ${component.ms.toFixed(1)} ms, ${component.bytes} chars`,
  );
  console.log(
    `  bare ical-generator:        ${baseline.ms.toFixed(1)} ms, ${baseline.bytes} chars`,
  );
  console.log(`  ratio component / bare:     ${(component.ms / baseline.ms).toFixed(2)}x`);
  return Promise.resolve();
}

if (require.main === module) {
  runCalendarBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
