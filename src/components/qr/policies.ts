import type { RequestUser } from '../../lib/http/access';
import {
  definePolicy,
  isEventOrganiser,
  isOrganiser,
  manages,
  type Actor,
  type Scope,
} from '../../lib/http/policy';
import { componentTarget, isComponentTargetType, type ComponentTargets } from './target-kinds';

/**
 * Who may do what to QR codes, resources and postcards.
 *
 * - Every signed-in organiser reads codes, resources and postcards (they are public
 *   pages anyway) and their lists.
 * - Creating, changing, deleting, uploading to one, and reading a code's statistics
 *   are for admins and for comms users whose scope it is: the thing's events (every
 *   one of them), or for an event-less thing its project.
 * - A code that leads to another component's thing (a kit box, a World Café table)
 *   takes that thing's scope: a printed kit-box code belongs to its kit's event.
 * - A change that moves a thing into another scope needs that scope too.
 */
export type RegistryAction =
  'read' | 'organise' | 'create' | 'update' | 'delete' | 'stats' | 'import';

const rules = {
  read: isOrganiser,
  /** Reaching the organiser pages and routes at all (each then asks about its thing's scope). */
  organise: isEventOrganiser,
  create: manages,
  update: manages,
  delete: manages,
  stats: manages,
  import: isEventOrganiser,
};

export const codePolicy = definePolicy<RegistryAction, Scope>(rules);
export const resourcePolicy = definePolicy<RegistryAction, Scope>(rules);
export const postcardPolicy = definePolicy<RegistryAction, Scope>(rules);

type CodeLike = {
  eventId?: string | null;
  projectId?: string | null;
  target?: { type: string; id?: string };
};

/** The scope a code's own fields give it. */
export function ownScopeOfCode(code: Pick<CodeLike, 'eventId' | 'projectId'>): Scope {
  return { eventId: code.eventId ?? null, projectIds: code.projectId ? [code.projectId] : [] };
}

/** A code's scope: that of the thing it leads to when another component owns it, else its own. */
export async function scopeOfCode(
  code: CodeLike,
  targets: Partial<ComponentTargets> | undefined,
): Promise<Scope> {
  const target = code.target;
  if (target?.id && isComponentTargetType(target.type)) {
    const provider = componentTarget(targets, target.type);
    const scope = provider.scope ? await provider.scope(target.id) : undefined;
    if (scope) return scope;
  }
  return ownScopeOfCode(code);
}

/** A resource's or postcard's scope: the events it is shown in, and its project. */
export function scopeOfContent(thing: {
  eventIds?: readonly string[];
  projectId?: string | null;
}): Scope {
  return { eventIds: thing.eventIds ?? [], projectIds: thing.projectId ? [thing.projectId] : [] };
}

/** For page handlers that hold the signed-in user. */
export const asActor = (user: RequestUser): Actor => ({ user });
