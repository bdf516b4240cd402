/** Organiser roles, from most to least powerful. */
export const ROLES = ['admin', 'comms', 'facilitator'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in organiser, as request handlers see it. */
export type AuthUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Events a comms user may manage; admins manage every event. */
  eventIds: string[];
  /** How this request was authenticated: a session cookie or an API token. */
  via: 'session' | 'token';
};

/** A capability link's grant: one scope, no account. */
export type CapabilityGrant = {
  id: string;
  /** e.g. 'world-cafe:table' */
  scope: string;
  /** e.g. the table id */
  resourceId: string;
  expiresAt: Date;
};

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
    capability?: CapabilityGrant;
  }
}
