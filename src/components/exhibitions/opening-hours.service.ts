import { notFound } from '../../lib/errors';
import { toStandView, type StandView } from './exhibitions.presenter';
import { fieldProblem } from './problems';
import { loadStandContext } from './stand-context';
import { StandModel } from './stand.model';
import { eventSpan, type Interval } from './time';

/**
 * Replaces the stand's opening hours with `blocks` (instants; several a day are
 * fine). 400 with the block's path: `invalid_time_range` (end not after start),
 * `outside_event_dates`, `opening_hours_overlap`.
 */
export async function setOpeningHours(standId: string, blocks: Interval[]): Promise<StandView> {
  const { stand, event } = await loadStandContext(standId);
  const span = eventSpan(event);
  blocks.forEach((block, i) => {
    if (block.end <= block.start) {
      throw fieldProblem('invalid_time_range', 'must be after start', `blocks.${i}.end`);
    }
    if (block.start < span.start || block.end > span.end) {
      throw fieldProblem(
        'outside_event_dates',
        `must lie within the event’s dates (${event.startDate} to ${event.endDate}, ${event.timeZone})`,
        `blocks.${i}.start`,
      );
    }
  });
  const sorted = blocks
    .map((block, index) => ({ ...block, index }))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const current = sorted[i]!;
    if (current.start < previous.end) {
      throw fieldProblem(
        'opening_hours_overlap',
        `overlaps block ${previous.index}`,
        `blocks.${current.index}.start`,
      );
    }
  }
  const doc = await StandModel.findByIdAndUpdate(
    stand._id,
    { $set: { openingHours: sorted.map(({ start, end }) => ({ start, end })) } },
    { new: true },
  ).lean();
  if (!doc) throw notFound('Stand');
  return toStandView(doc);
}
