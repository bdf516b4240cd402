import {
  addTeamMember,
  createStand,
  setOpeningHours,
  type StandRole,
} from '../../../src/components/exhibitions';
import type { CreateEventInput } from '../../../src/components/events';
import { buildEvent, buildPerson, buildProject } from './events';

/**
 * A stand on a fresh event (default 6–8 May 2025, Vilnius) with one project and
 * `team` people on its team; opening hours when `hours` are given (instants).
 */
export async function buildStand(
  options: {
    event?: Partial<CreateEventInput>;
    minStaff?: number;
    team?: StandRole[];
    hours?: { start: string; end: string }[];
  } = {},
) {
  const event = await buildEvent(options.event);
  const project = await buildProject();
  let stand = await createStand(event.id, {
    name: 'Cluster stand',
    projectIds: [project.id],
    minStaff: options.minStaff ?? 1,
    zones: [{ kind: 'film-corner', name: 'Film corner', items: [] }],
  });
  const people = [];
  for (const role of options.team ?? ['lead', 'booth']) {
    const person = await buildPerson();
    await addTeamMember(stand.id, { personId: person.id, projectId: project.id, role });
    people.push(person);
  }
  if (options.hours) {
    stand = await setOpeningHours(
      stand.id,
      options.hours.map((b) => ({ start: new Date(b.start), end: new Date(b.end) })),
    );
  }
  return { event, project, stand, people };
}
