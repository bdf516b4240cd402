import { Types } from 'mongoose';
import { conflict, notFound } from '../../lib/errors';
import { getClustersByIds, getEvent, getPerson, getProjectsByIds } from '../events';
import { toStandView, type StandView, type ZoneView } from './exhibitions.presenter';
import {
  createStandBody,
  type CreateStandInput,
  type UpdateStandInput,
  type ZoneInput,
} from './exhibitions.schemas';
import { FilmModel } from './film.model';
import { MaterialModel } from './material.model';
import { fieldProblem, isDuplicateKey } from './problems';
import { ScreeningModel } from './screening.model';
import { ShiftModel } from './shift.model';
import { loadStandDoc } from './stand-context';
import { StandModel, type StandDoc } from './stand.model';
import {
  assertEventQrCodes,
  clearZonesFromQrCodes,
  placeQrCodesInZone,
  qrCodesByZone,
} from './zone-qr.service';

const oid = (id: string) => new Types.ObjectId(id);

/** 400 `unknown_person` naming the field when the person does not exist. */
export async function assertPersonExists(personId: string, path: string): Promise<void> {
  try {
    await getPerson(personId);
  } catch {
    throw fieldProblem('unknown_person', 'No person with this id', path);
  }
}

async function assertProjectsExist(projectIds: string[]): Promise<void> {
  const found = new Set((await getProjectsByIds(projectIds)).map((p) => p.id));
  const index = projectIds.findIndex((id) => !found.has(id.toLowerCase()));
  if (index >= 0) {
    throw fieldProblem('unknown_project', 'No project with this id', `projectIds.${index}`);
  }
}

async function projectsWithContacts(
  projectIds: string[],
  contacts: { projectId: string; personId: string }[] = [],
) {
  await assertProjectsExist(projectIds);
  for (const [i, contact] of contacts.entries()) {
    if (!projectIds.includes(contact.projectId)) {
      throw fieldProblem(
        'project_not_on_stand',
        'The contact’s project is not one of the stand’s projects',
        `contacts.${i}.projectId`,
      );
    }
    await assertPersonExists(contact.personId, `contacts.${i}.personId`);
  }
  return [...new Set(projectIds)].map((projectId) => {
    const contact = contacts.find((c) => c.projectId === projectId);
    return {
      projectId: oid(projectId),
      contactPersonId: contact ? oid(contact.personId) : undefined,
    };
  });
}

function zoneDoc(input: ZoneInput) {
  return {
    _id: new Types.ObjectId(),
    kind: input.kind,
    name: input.name,
    description: input.description,
    projectId: input.projectId ? oid(input.projectId) : undefined,
    items: input.items,
  };
}

/**
 * Creates a stand for an event. 404 for an unknown event; 400 with the field's path
 * for unknown projects, contacts or cluster; 409 `duplicate` when the event already
 * has a stand of that name.
 */
export async function createStand(eventId: string, input: CreateStandInput): Promise<StandView> {
  const parsed = createStandBody.parse(input);
  await getEvent(eventId);
  if (parsed.clusterId && (await getClustersByIds([parsed.clusterId])).length === 0) {
    throw fieldProblem('unknown_cluster', 'No cluster with this id', 'clusterId');
  }
  const projects = await projectsWithContacts(parsed.projectIds, parsed.contacts);
  for (const [i, zone] of parsed.zones.entries()) {
    await assertEventQrCodes(eventId, zone.qrCodeIds ?? [], `zones.${i}.qrCodeIds`);
  }
  try {
    const doc = await StandModel.create({
      eventId: oid(eventId),
      clusterId: parsed.clusterId ? oid(parsed.clusterId) : undefined,
      name: parsed.name,
      hall: parsed.hall,
      standNumber: parsed.standNumber,
      floorAreaM2: parsed.floorAreaM2,
      notes: parsed.notes,
      projects,
      zones: parsed.zones.map(zoneDoc),
      minStaff: parsed.minStaff,
      maxHoursPer24h: parsed.maxHoursPer24h,
      minRestHours: parsed.minRestHours,
    });
    for (const [i, zone] of parsed.zones.entries()) {
      if (zone.qrCodeIds?.length) {
        await placeQrCodesInZone(eventId, doc.zones[i]!._id.toString(), zone.qrCodeIds);
      }
    }
    return getStand(doc._id.toString());
  } catch (err) {
    if (isDuplicateKey(err))
      throw conflict('duplicate', 'This event already has a stand of that name');
    throw err;
  }
}

/**
 * The stand with its zones (and the registry's QR codes in each, their addresses on
 * `publicBaseUrl`), team and opening hours. 404 when unknown.
 */
export async function getStand(standId: string, publicBaseUrl = ''): Promise<StandView> {
  const view = toStandView(await loadStandDoc(standId));
  const codes = await qrCodesByZone(
    view.eventId,
    view.zones.map((z) => z.id),
    publicBaseUrl,
  );
  return { ...view, zones: view.zones.map((z) => ({ ...z, qrCodes: codes.get(z.id) ?? [] })) };
}

/** The stands of an event, by name. */
export async function listStandsOfEvent(eventId: string): Promise<StandView[]> {
  const docs = await StandModel.find({ eventId: oid(eventId) })
    .sort({ name: 1 })
    .lean<StandDoc[]>();
  return docs.map(toStandView);
}

/** Every stand, newest event first (dashboard hints). */
export async function listAllStands(): Promise<StandView[]> {
  const docs = await StandModel.find({}).sort({ createdAt: -1 }).limit(200).lean<StandDoc[]>();
  return docs.map(toStandView);
}

/**
 * Updates a stand's fields. Dropping a project that team members still belong to is
 * refused with 409 `in_use`: take them off the team first.
 */
export async function updateStand(standId: string, input: UpdateStandInput): Promise<StandView> {
  const stand = await loadStandDoc(standId);
  const set: Record<string, unknown> = {};
  for (const key of [
    'name',
    'hall',
    'standNumber',
    'floorAreaM2',
    'notes',
    'minStaff',
    'maxHoursPer24h',
    'minRestHours',
  ] as const) {
    if (input[key] !== undefined && input[key] !== null) set[key] = input[key];
  }
  const unset: Record<string, ''> = input.floorAreaM2 === null ? { floorAreaM2: '' } : {};
  if (input.clusterId !== undefined) {
    if ((await getClustersByIds([input.clusterId])).length === 0) {
      throw fieldProblem('unknown_cluster', 'No cluster with this id', 'clusterId');
    }
    set.clusterId = oid(input.clusterId);
  }
  if (input.projectIds !== undefined || input.contacts !== undefined) {
    const projectIds = input.projectIds ?? stand.projects.map((p) => p.projectId.toString());
    const contacts =
      input.contacts ??
      stand.projects.flatMap((p) =>
        p.contactPersonId && projectIds.includes(p.projectId.toString())
          ? [{ projectId: p.projectId.toString(), personId: p.contactPersonId.toString() }]
          : [],
      );
    const dropped = stand.team.filter((m) => !projectIds.includes(m.projectId.toString()));
    if (dropped.length > 0) {
      throw conflict('in_use', 'Team members still belong to a project you are removing', {
        personIds: dropped.map((m) => m.personId.toString()),
      });
    }
    set.projects = await projectsWithContacts(projectIds, contacts);
  }
  try {
    const doc = await StandModel.findByIdAndUpdate(
      standId,
      { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
      { new: true },
    ).lean<StandDoc>();
    if (!doc) throw notFound('Stand');
    return toStandView(doc);
  } catch (err) {
    if (isDuplicateKey(err))
      throw conflict('duplicate', 'This event already has a stand of that name');
    throw err;
  }
}

/**
 * Deletes a stand. While it has shifts, materials or screenings that is refused
 * with 409 `in_use` unless `cascade` confirms that they go too.
 */
export async function deleteStand(standId: string, cascade: boolean): Promise<void> {
  const stand = await loadStandDoc(standId);
  const filter = { standId: stand._id };
  const [shifts, materials, screenings] = await Promise.all([
    ShiftModel.countDocuments(filter),
    MaterialModel.countDocuments(filter),
    ScreeningModel.countDocuments(filter),
  ]);
  if (!cascade && shifts + materials + screenings > 0) {
    throw conflict('in_use', 'The stand still has shifts, materials or screenings', {
      shifts,
      materials,
      screenings,
    });
  }
  await Promise.all([
    ShiftModel.deleteMany(filter),
    MaterialModel.deleteMany(filter),
    ScreeningModel.deleteMany(filter),
    FilmModel.deleteMany(filter),
  ]);
  await StandModel.deleteOne({ _id: stand._id });
  await clearZonesFromQrCodes(
    stand.eventId.toString(),
    stand.zones.map((z) => z._id.toString()),
  );
}

/** Adds a zone. */
export async function addZone(standId: string, input: ZoneInput): Promise<ZoneView> {
  const stand = await loadStandDoc(standId);
  const eventId = stand.eventId.toString();
  await assertEventQrCodes(eventId, input.qrCodeIds ?? []);
  const zone = zoneDoc(input);
  await StandModel.updateOne({ _id: oid(standId) }, { $push: { zones: zone } });
  if (input.qrCodeIds?.length) {
    await placeQrCodesInZone(eventId, zone._id.toString(), input.qrCodeIds);
  }
  const view = (await getStand(standId)).zones.find((z) => z.id === zone._id.toString());
  if (!view) throw notFound('Zone');
  return view;
}

/** Changes a zone's fields; 404 for an unknown zone. */
export async function updateZone(
  standId: string,
  zoneId: string,
  input: Partial<ZoneInput>,
): Promise<ZoneView> {
  const stand = await StandModel.findById(standId);
  const zone = stand?.zones.find((z) => z._id.toString() === zoneId.toLowerCase());
  if (!stand || !zone) throw notFound('Zone');
  const eventId = stand.eventId.toString();
  if (input.qrCodeIds !== undefined) await assertEventQrCodes(eventId, input.qrCodeIds);
  if (input.kind !== undefined) zone.kind = input.kind;
  if (input.name !== undefined) zone.name = input.name;
  if (input.description !== undefined) zone.description = input.description;
  if (input.items !== undefined) zone.items = input.items;
  if (input.projectId !== undefined) zone.projectId = oid(input.projectId);
  await stand.save();
  if (input.qrCodeIds !== undefined) {
    await placeQrCodesInZone(eventId, zone._id.toString(), input.qrCodeIds);
  }
  const view = (await getStand(standId)).zones.find((z) => z.id === zoneId.toLowerCase());
  if (!view) throw notFound('Zone');
  return view;
}

/** Removes a zone; 409 `in_use` while shifts or screenings are placed in it. */
export async function deleteZone(standId: string, zoneId: string): Promise<void> {
  const stand = await loadStandDoc(standId);
  if (!stand.zones.some((z) => z._id.toString() === zoneId)) throw notFound('Zone');
  const [shifts, screenings] = await Promise.all([
    ShiftModel.countDocuments({ standId: stand._id, zoneId: oid(zoneId) }),
    ScreeningModel.countDocuments({ standId: stand._id, zoneId: oid(zoneId) }),
  ]);
  if (shifts + screenings > 0) {
    throw conflict('in_use', 'Shifts or screenings are still placed in this zone', {
      shifts,
      screenings,
    });
  }
  await StandModel.updateOne({ _id: stand._id }, { $pull: { zones: { _id: oid(zoneId) } } });
  await clearZonesFromQrCodes(stand.eventId.toString(), [zoneId]);
}

/** Counts for the events component's delete guards. */
export const countStandsOfEvent = (eventId: string) =>
  StandModel.countDocuments({ eventId: oid(eventId) });
export const countStandsOfProject = (projectId: string) =>
  StandModel.countDocuments({ 'projects.projectId': oid(projectId) });
export const countStandsWithPerson = (personId: string) =>
  StandModel.countDocuments({
    $or: [{ 'team.personId': oid(personId) }, { 'projects.contactPersonId': oid(personId) }],
  });
