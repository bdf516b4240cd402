import type { z } from 'zod';
import { getEvent } from '../events';
import type { PlannerKit } from './planner-kit';
import { namesFor, screeningRows } from './planner.presenter';
import { STYLES } from './planner-view';
import type { standParams } from './planner-forms';
import { listFilms, listScreenings } from './screenings.service';
import { listShifts } from './shifts.service';
import { getStand } from './stands.service';
import { localTime } from './time';

type Stand = Awaited<ReturnType<typeof getStand>>;

/** "Now at the stand": who is on, what comes next, the next screening; refreshed every minute. */
export function standNowView(kit: PlannerKit) {
  return async (
    _req: unknown,
    { params }: { params: z.output<typeof standParams> },
  ): Promise<Record<string, unknown>> => {
    const stand: Stand = await getStand(params.id, kit.context.config.publicBaseUrl);
    const event = await getEvent(stand.eventId);
    const now = kit.context.clock();
    const [shifts, films, screenings, names] = await Promise.all([
      listShifts(stand.id),
      listFilms(stand.id),
      listScreenings(stand.id),
      namesFor(stand),
    ]);
    const t = (d: Date) => localTime(d, event.timeZone);
    const person = (shift: (typeof shifts)[number]) => ({
      time: `${t(shift.start)}–${t(shift.end)}`,
      zone: stand.zones.find((z) => z.id === shift.zoneId)?.name,
      people: shift.assignees.map((a) => names.people.get(a.personId) ?? 'Unknown'),
    });
    const onNow = shifts.filter((s) => s.start <= now && s.end > now).map(person);
    const next = shifts.find((s) => s.start > now);
    const nextScreening = screeningRows(screenings, films, event.timeZone).find((s) => s.end > now);
    const open = stand.openingHours.find((b) => b.start <= now && b.end > now);
    const nextOpen = stand.openingHours.find((b) => b.start > now);
    return {
      title: `Now at ${stand.name}`,
      styles: STYLES,
      refreshSeconds: 60,
      scripts: ['/static/js/exhibitions/stand-now.js'],
      stand,
      clock: t(now),
      open: open && `${t(open.start)}–${t(open.end)}`,
      nextOpen:
        nextOpen &&
        screeningRows(
          [{ ...nextOpen, id: '', standId: '', mode: 'fixed', filmIds: [], updatedAt: now }],
          [],
          event.timeZone,
        )[0]?.when,
      onNow,
      next: next && person(next),
      nextScreening,
      zones: stand.zones.map((z) => ({
        ...z,
        project: z.projectId && names.projects.get(z.projectId),
      })),
      timeZone: event.timeZone,
    };
  };
}
