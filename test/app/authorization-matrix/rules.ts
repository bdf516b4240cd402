import type { World } from './world';

/**
 * Who asks, in the authorisation matrix. "Own" is always the thing's side: the matrix's
 * things live in event A (its World Café session, table A1 and its keys); "other" is
 * event B's comms user and table B1's key.
 */
export const IDENTITIES = [
  'anonymous',
  /** A facilitator who facilitates no session of event A (the attacker of issue 16). */
  'facilitator',
  /** A facilitator named on the World Café session of event A. */
  'facilitatorOwn',
  'commsOwn',
  'commsOther',
  'admin',
  'tableKeyOwn',
  'tableKeyOther',
  'expiredKey',
  'revokedKey',
] as const;
export type Identity = (typeof IDENTITIES)[number];

/** An expected answer: any 2xx, one status, or a status with its problem `code`. */
export type Expected = '2xx' | number | { status: number; code: string };
export type Cells = Record<Identity, Expected>;

/** The request one cell sends: its path (with query), and its body when it has one. */
export type RequestSpec = {
  path: string;
  body?: unknown;
  /** How the body goes: JSON (default), raw bytes, text/csv, or a multipart photo. */
  as?: 'json' | 'bytes' | 'csv' | 'photo' | 'stream';
  /** Sent instead of the identity's own credentials (a fresh account of the same role). */
  headers?: Record<string, string>;
};

/**
 * One operation of the OpenAPI document: how to build a valid request for each identity
 * (`request` may create a throwaway thing first, so a DELETE never eats the world), and
 * the expected status of every cell.
 */
export type Case = {
  request: (world: World, who: Identity) => Promise<RequestSpec> | RequestSpec;
  cells: Cells;
};

const OK = '2xx' as const;
/** Capability keys are not organiser credentials: outside their own routes they are nobody. */
const keysAreNobody = {
  tableKeyOwn: 401,
  tableKeyOther: 401,
  expiredKey: 401,
  revokedKey: 401,
} as const;

/** Everyone, signed in or not (public pages, feeds, visitor actions). */
export const PUBLIC: Cells = {
  anonymous: OK,
  facilitator: OK,
  facilitatorOwn: OK,
  commsOwn: OK,
  commsOther: OK,
  admin: OK,
  tableKeyOwn: OK,
  tableKeyOther: OK,
  expiredKey: OK,
  revokedKey: OK,
};

/** Every signed-in organiser (reads of things the public pages show anyway; one's own account). */
export const SIGNED_IN: Cells = {
  anonymous: 401,
  facilitator: OK,
  facilitatorOwn: OK,
  commsOwn: OK,
  commsOther: OK,
  admin: OK,
  ...keysAreNobody,
};

/** Admins and comms users of any event (facilitators organise nothing outside the World Café). */
export const EVENT_ORGANISER: Cells = { ...SIGNED_IN, facilitator: 403, facilitatorOwn: 403 };

/** Whoever manages the thing's event (or, event-less, its project): admins and comms-own. */
export const MANAGE: Cells = { ...EVENT_ORGANISER, commsOther: 403 };

/** Admins alone. */
export const ADMIN: Cells = { ...MANAGE, commsOwn: 403 };

/**
 * A World Café table's capture calls: its own key, the session's facilitators and the
 * event's managers. Another table's key is invalid here; expired and revoked keys say so.
 */
export const CAPTURE: Cells = {
  anonymous: 401,
  facilitator: 403,
  facilitatorOwn: OK,
  commsOwn: OK,
  commsOther: 403,
  admin: OK,
  tableKeyOwn: OK,
  tableKeyOther: { status: 403, code: 'capability_invalid' },
  expiredKey: { status: 403, code: 'capability_expired' },
  revokedKey: { status: 403, code: 'capability_revoked' },
};

/** Organising a World Café session (tables, links, review, synthesis, mail): the event's managers. */
export const SESSION_MANAGE: Cells = { ...MANAGE };

/**
 * Reading a World Café session (it names its facilitators and holds drafts): the event's
 * managers and the facilitators named on it.
 */
export const SESSION_READ: Cells = { ...SIGNED_IN, facilitator: 403, commsOther: 403 };

/**
 * Listing an event's sessions: its managers see all; a facilitator gets the list of the
 * sessions they facilitate there (maybe empty); comms users of other events are refused.
 */
export const SESSION_LIST: Cells = { ...SIGNED_IN, commsOther: 403 };

/** On routes that take another kind of key: a table's key is the wrong one; expired and revoked say so. */
export const KEYS_REFUSED = {
  tableKeyOwn: { status: 403, code: 'capability_invalid' },
  tableKeyOther: { status: 403, code: 'capability_invalid' },
  expiredKey: { status: 403, code: 'capability_expired' },
  revokedKey: { status: 403, code: 'capability_revoked' },
} as const;

/** A cell table with some cells changed. */
export const but = (cells: Cells, changes: Partial<Cells>): Cells => ({ ...cells, ...changes });
