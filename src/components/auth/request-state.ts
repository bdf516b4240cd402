import type { Request } from 'express';

/**
 * Per-request facts the authenticate middleware records for the guards and page
 * helpers, kept off the public Request type: the session behind the cookie (CSRF
 * tokens are bound to it) or the API token behind the bearer header, and the app clock.
 */
const sessionIds = new WeakMap<Request, string>();
const apiTokenHashes = new WeakMap<Request, string>();
const clocks = new WeakMap<Request, () => Date>();
const bearerCapabilityKeys = new WeakMap<Request, string>();

export const setSessionId = (req: Request, id: string) => sessionIds.set(req, id);
export const sessionIdOf = (req: Request): string => sessionIds.get(req) ?? '';

export const setApiTokenHash = (req: Request, hash: string) => apiTokenHashes.set(req, hash);
export const apiTokenHashOf = (req: Request): string | undefined => apiTokenHashes.get(req);

export const setClock = (req: Request, clock: () => Date) => clocks.set(req, clock);
export const nowFor = (req: Request): Date => clocks.get(req)?.() ?? new Date();

/** A capability link's key sent as `Authorization: Bearer <key>`. */
export const setBearerCapabilityKey = (req: Request, key: string) =>
  bearerCapabilityKeys.set(req, key);
export const bearerCapabilityKeyOf = (req: Request): string | undefined =>
  bearerCapabilityKeys.get(req);
