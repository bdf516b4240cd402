import { Types } from 'mongoose';
import { conflict, notFound } from '../../lib/errors';
import { toStandView, type TeamMemberView } from './exhibitions.presenter';
import type { TeamMemberInput } from './exhibitions.schemas';
import { fieldProblem } from './problems';
import { ShiftModel } from './shift.model';
import { loadStandDoc } from './stand-context';
import { assertPersonExists } from './stands.service';
import { StandModel } from './stand.model';

const oid = (id: string) => new Types.ObjectId(id);

/**
 * Puts a person on the stand's team for one of the stand's projects. Only team
 * members can be put on shifts. 400 `unknown_person` / `project_not_on_stand` with
 * the field's path; 409 `already_on_team`.
 */
export async function addTeamMember(
  standId: string,
  input: TeamMemberInput,
): Promise<TeamMemberView> {
  const stand = await loadStandDoc(standId);
  await assertPersonExists(input.personId, 'personId');
  if (!stand.projects.some((p) => p.projectId.toString() === input.projectId.toLowerCase())) {
    throw fieldProblem(
      'project_not_on_stand',
      'This project does not take part in the stand',
      'projectId',
    );
  }
  const member = {
    _id: new Types.ObjectId(),
    personId: oid(input.personId),
    projectId: oid(input.projectId),
    role: input.role,
    phone: input.phone,
  };
  // The filter makes "not yet on the team" and the push one atomic step.
  const updated = await StandModel.updateOne(
    { _id: stand._id, 'team.personId': { $ne: member.personId } },
    { $push: { team: member } },
  );
  if (updated.modifiedCount === 0) {
    throw conflict('already_on_team', 'This person is already on the stand’s team');
  }
  return {
    id: member._id.toString(),
    personId: input.personId.toLowerCase(),
    projectId: input.projectId.toLowerCase(),
    role: input.role,
    phone: input.phone,
  };
}

/** The team member with this id (capability links name a member, not a person). */
export async function findTeamMember(
  memberId: string,
): Promise<{ standId: string; member: TeamMemberView } | undefined> {
  if (!/^[0-9a-f]{24}$/i.test(memberId)) return undefined;
  const stand = await StandModel.findOne({ 'team._id': oid(memberId) }).lean();
  if (!stand) return undefined;
  const member = toStandView(stand).team.find((m) => m.id === memberId.toLowerCase());
  return member && { standId: stand._id.toString(), member };
}

/**
 * Takes a person off the team. While they still have shifts on this stand that is
 * refused with 409 `has_shifts` unless `cascade` confirms that they leave those too.
 */
export async function removeTeamMember(
  standId: string,
  personId: string,
  cascade: boolean,
): Promise<{ removedFromShifts: number }> {
  const stand = await loadStandDoc(standId);
  if (!stand.team.some((m) => m.personId.toString() === personId.toLowerCase())) {
    throw notFound('Team member');
  }
  const person = oid(personId);
  const shifts = await ShiftModel.countDocuments({
    standId: stand._id,
    'assignees.personId': person,
  });
  if (shifts > 0 && !cascade) {
    throw conflict(
      'has_shifts',
      `This person still has ${shifts} shift(s); confirm with cascade=true`,
      {
        shifts,
      },
    );
  }
  if (shifts > 0) {
    await ShiftModel.updateMany(
      { standId: stand._id, 'assignees.personId': person },
      { $pull: { assignees: { personId: person } }, $inc: { version: 1 } },
    );
  }
  await StandModel.updateOne({ _id: stand._id }, { $pull: { team: { personId: person } } });
  return { removedFromShifts: shifts };
}
