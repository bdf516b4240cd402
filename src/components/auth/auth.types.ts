import type { RequestUser } from '../../lib/http/access';

export { ROLES, type Role } from '../../lib/http/access';

/** The signed-in organiser, as request handlers see it (`req.user`, set by authenticate). */
export type AuthUser = RequestUser;

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
    capability?: CapabilityGrant;
  }
}
