import type { ApiRouter } from '../../lib/http/api-router';
import { authorize, guardBy, NOT_YOURS, type Actor, type Scope } from '../../lib/http/policy';
import { codePolicy, scopeOfContent, type RegistryAction } from './policies';
import type { QrPorts } from './ports';

/** What each part of the registry API (codes, resources, postcards, uploads, imports) is given. */
export type RegistryRoutes = {
  api: ApiRouter;
  /** The public base URL, read per request so a changed config is seen. */
  base: () => string;
  ports: QrPorts;
};

/** Reading the registry: what the policies give every organiser. */
export const organisers = [guardBy((actor) => codePolicy.may(actor, 'read', {}), {})];
/** Changes: an event organiser (the thing's scope is then asked of the policy in the handler). */
export const comms = [guardBy((actor) => codePolicy.may(actor, 'import', {}), {})];

type RegistryPolicy = typeof codePolicy;

/** Refuses unless the policy allows `action` on the thing's scope. */
export function allow(actor: Actor, policy: RegistryPolicy, action: RegistryAction, scope: Scope) {
  authorize(actor, policy.may(actor, action, scope), NOT_YOURS);
}

/** The scope a change moves a thing into: the new values where the change names them. */
export function movedScope(
  current: { eventIds: readonly string[]; projectId: string },
  change: { eventIds?: readonly string[]; projectId?: string },
): Scope {
  return scopeOfContent({
    eventIds: change.eventIds ?? current.eventIds,
    projectId: change.projectId ?? current.projectId,
  });
}
