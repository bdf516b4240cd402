import type { Express } from 'express';
import sharp from 'sharp';
import request from 'supertest';
import { revokeCapabilityLink } from '../../../src/components/auth';
import { enqueueMail } from '../../../src/components/mail';
import { TABLE_SCOPE } from '../../../src/components/world-cafe';
import { signInAs } from '../../helpers/auth';
import { buildApiToken, buildCapabilityLink, buildUser } from '../../helpers/factories/auth';
import {
  buildEvent,
  buildPerson,
  buildProgrammeItem,
  buildProject,
} from '../../helpers/factories/events';
import { buildPostcard, buildQrCode, buildResource } from '../../helpers/factories/qr';
import { buildWorldCafeSession, buildWorldCafeTable } from '../../helpers/factories/world-cafe';
import type { Identity } from './rules';

/**
 * One seeded world for the whole matrix: two events (A and B), each with a programme,
 * a stand with zones, team, shift, materials, films and a screening, a resource, a
 * postcard and codes, a kit type with a batch at the event and its kits, a hand-out
 * with a recipient, and a World Café session with a table and a note. Made through the
 * factories and, where there is none, the API as an admin.
 */
export type Side = {
  eventId: string;
  eventSlug: string;
  projectId: string;
  projectAcronym: string;
  programmeItemId: string;
  standId: string;
  zoneId: string;
  personId: string;
  shiftId: string;
  materialId: string;
  filmId: string;
  screeningId: string;
  resourceId: string;
  postcardId: string;
  codeId: string;
  code: string;
  kitTypeId: string;
  batchId: string;
  /** A note's client id (dots name notes by it). */
  /** In-stock kits; cells that hand one out take the next. */
  kits: { id: string; qrCode: string; qrCodeId: string }[];
  handOutId: string;
  recipientId: string;
  sessionId: string;
  tableId: string;
  noteId: string;
  photoId: string;
};

type Method = 'get' | 'post' | 'put' | 'patch';
/** An API answer, read loosely: the world only picks ids and versions out of them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of ~40 different shapes
type Answer = any;

export type World = {
  app: Express;
  A: Side;
  B: Side;
  headers: Record<Identity, Record<string, string>>;
  userIds: Partial<Record<Identity, string>>;
  adminHeader: Record<string, string>;
  /** A fresh value for unique fields (names, e-mails, serial prefixes). */
  unique(): string;
  /** Sends `method path` as `who` and expects a 2xx; answers the body. */
  as(who: Identity, method: Method, path: string, body?: unknown): Promise<Answer>;
  asAdmin(method: Method, path: string, body?: unknown): Promise<Answer>;
};

let counter = 0;
const letters = (n: number) =>
  [...n.toString(26)].map((d) => String.fromCharCode(65 + parseInt(d, 26))).join('');

async function buildSide(world: World, facilitator: { id: string; email: string }): Promise<Side> {
  const { asAdmin } = world;
  const project = await buildProject();
  // In the future, so its shifts can still be signed up for.
  const event = await buildEvent({ startDate: '2027-05-06', endDate: '2027-05-08' });
  const item = await buildProgrammeItem({ eventId: event.id });
  const stand = await asAdmin('post', `/api/events/${event.id}/stands`, {
    name: `Stand ${world.unique()}`,
    projectIds: [project.id],
    zones: [{ kind: 'film-corner', name: 'Film corner' }],
  });
  await asAdmin('put', `/api/stands/${stand.id}/opening-hours`, {
    blocks: [{ start: '2027-05-07T06:00:00Z', end: '2027-05-07T16:00:00Z' }],
  });
  const person = await buildPerson({ email: `member-${world.unique()}@example.org` });
  await asAdmin('post', `/api/stands/${stand.id}/team`, {
    personId: person.id,
    projectId: project.id,
    role: 'booth',
  });
  const shift = await asAdmin('post', `/api/stands/${stand.id}/shifts`, {
    start: '2027-05-07T08:00:00Z',
    end: '2027-05-07T10:00:00Z',
  });
  const material = await asAdmin('post', `/api/stands/${stand.id}/materials`, {
    name: 'Booklets',
    ownerProjectId: project.id,
  });
  const film = await asAdmin('post', `/api/stands/${stand.id}/films`, {
    title: 'City film',
    durationMinutes: 10,
  });
  const screening = await asAdmin('post', `/api/stands/${stand.id}/screenings`, {
    mode: 'fixed',
    filmIds: [film.id],
    start: '2027-05-07T09:00:00Z',
  });
  const scope = { projectId: project.id, eventIds: [event.id] };
  const resource = await buildResource(scope);
  const postcard = await buildPostcard(scope);
  const code = await buildQrCode({ eventId: event.id, projectId: project.id });
  const kitType = await asAdmin('post', '/api/kit-types', {
    name: `Dominoes ${world.unique()}`,
    serialPrefix: letters(++counter + 100),
    projectId: project.id,
  });
  const batch = await asAdmin('post', '/api/kit-batches', {
    kitTypeId: kitType.id,
    label: 'Boxes for the stand',
    quantity: 40,
    eventId: event.id,
  });
  const made = await asAdmin('post', `/api/kit-types/${kitType.id}/kits`, {
    count: 40,
    batchId: batch.id,
  });
  const kits = made.items as Side['kits'];
  const handOut = await asAdmin('post', `/api/kits/${kits.shift()!.id}/hand-out`, {
    recipient: { name: 'Ona Recipient', email: `ona-${world.unique()}@example.org` },
    consents: { followUp: true, newsletter: false },
    eventId: event.id,
  });
  const session = await buildWorldCafeSession({
    eventId: event.id,
    start: new Date('2027-05-07T11:00:00Z'),
    end: new Date('2027-05-07T12:30:00Z'),
    facilitators: [{ name: 'Facilitator', email: facilitator.email }],
    facilitatorIds: [facilitator.id],
  });
  const table = await buildWorldCafeTable({ sessionId: session.id });
  const note = await asAdmin(
    'put',
    `/api/world-cafe/tables/${table.id}/notes/note-${world.unique()}`,
    {
      text: 'A first idea',
    },
  );
  const outcomes = await asAdmin('get', `/api/world-cafe/tables/${table.id}/outcomes`);
  await asAdmin('put', `/api/world-cafe/tables/${table.id}/outcomes`, {
    baseVersion: outcomes.version,
    items: [{ id: 'first-outcome', text: 'Greener streets' }],
  });
  // A published report: its formats are public.
  await asAdmin('put', `/api/world-cafe/sessions/${session.id}/synthesis`, {
    themes: ['Green streets'],
    nextSteps: ['Pilot in two cities'],
    publish: true,
  });
  const photo = await sendPhoto(
    world.app,
    `/api/world-cafe/tables/${table.id}/photos/photo-${world.unique()}`,
    world.adminHeader,
  );
  if (photo.status >= 300)
    throw new Error(`photo upload → ${photo.status} ${JSON.stringify(photo.body)}`);
  return {
    eventId: event.id,
    eventSlug: event.slug,
    projectId: project.id,
    projectAcronym: project.acronym,
    programmeItemId: item.id,
    standId: stand.id,
    zoneId: stand.zones[0].id,
    personId: person.id,
    shiftId: shift.shift.id,
    materialId: material.id,
    filmId: film.id,
    screeningId: screening.screening.id,
    resourceId: resource.id,
    postcardId: postcard.id,
    codeId: code.id,
    code: code.code,
    kitTypeId: kitType.id,
    batchId: batch.id,
    kits,
    handOutId: handOut.id,
    recipientId: handOut.recipientId,
    sessionId: session.id,
    tableId: table.id,
    noteId: note.clientId,
    photoId: (photo.body.photo ?? photo.body).id,
  };
}

export async function buildWorld(app: Express): Promise<World> {
  const admin = await signInAs(app, 'admin');
  const world = {
    app,
    headers: {} as World['headers'],
    adminHeader: admin.authHeader,
    userIds: {} as World['userIds'],
    unique: () => `${process.pid}${++counter}`,
    async as(who: Identity, method: Method, path: string, body?: unknown) {
      const headers = who === 'admin' ? admin.authHeader : world.headers[who];
      const res = await request(app)
        [method](path)
        .set(headers)
        .send(body as object);
      if (res.status >= 300)
        throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    asAdmin(method: Method, path: string, body?: unknown) {
      return world.as('admin', method, path, body);
    },
  } as Omit<World, 'A' | 'B'> as World;
  const facilitatorOwn = await buildUser({ role: 'facilitator' });
  const facilitator = await buildUser({ role: 'facilitator' });
  world.A = await buildSide(world, facilitatorOwn);
  world.B = await buildSide(world, facilitator);
  const { A, B } = world;
  const commsOwn = await buildUser({ eventIds: [A.eventId], projectIds: [A.projectId] });
  const commsOther = await buildUser({ eventIds: [B.eventId], projectIds: [B.projectId] });
  const bearer = async (userId: string) => (await buildApiToken({ userId })).authHeader;
  const key = async (tableId: string, expiresAt?: Date) =>
    buildCapabilityLink({ scope: TABLE_SCOPE, resourceId: tableId, expiresAt });
  const own = await key(A.tableId);
  const other = await key(B.tableId);
  const expired = await key(A.tableId, new Date(Date.now() - 60_000));
  const revoked = await key(A.tableId);
  await revokeCapabilityLink(revoked.id);
  const capability = (token: string) => ({ 'X-Capability-Key': token });
  world.headers = {
    anonymous: {},
    facilitator: await bearer(facilitator.id),
    facilitatorOwn: await bearer(facilitatorOwn.id),
    commsOwn: await bearer(commsOwn.id),
    commsOther: await bearer(commsOther.id),
    admin: admin.authHeader,
    tableKeyOwn: capability(own.token),
    tableKeyOther: capability(other.token),
    expiredKey: capability(expired.token),
    revokedKey: capability(revoked.token),
  };
  world.userIds = {
    facilitator: facilitator.id,
    facilitatorOwn: facilitatorOwn.id,
    commsOwn: commsOwn.id,
    commsOther: commsOther.id,
    admin: admin.user.id,
  };
  return world;
}

/** An outbox message to retry or cancel (a fresh one per cell). */
export async function freshOutboxMessage(world: World): Promise<string> {
  const message = await enqueueMail({
    to: `someone-${world.unique()}@example.org`,
    template: 'account-invitation',
    data: {
      name: 'Someone',
      inviterName: 'forumkit',
      link: 'https://forumkit.test/set-password?token=x',
      expiresAt: new Date(Date.now() + 86_400_000),
      timeZone: 'Europe/Vilnius',
    },
  });
  return message.id;
}

/** A small JPEG, as a phone's form sends it (field "photo"). */
export async function sendPhoto(app: Express, path: string, headers: Record<string, string>) {
  const jpeg = await sharp({
    create: { width: 64, height: 48, channels: 3, background: '#88aa33' },
  })
    .jpeg()
    .toBuffer();
  return request(app)
    .put(path)
    .set(headers)
    .attach('photo', jpeg, { filename: 'wall.jpg', contentType: 'image/jpeg' });
}
