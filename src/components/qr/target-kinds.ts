import { AppError } from '../../lib/errors';
import type { Scope } from '../../lib/http/policy';

/** Targets that live in components built on top of the registry (they import it, not the reverse). */
export const COMPONENT_TARGET_TYPES = ['kit', 'table'] as const;
export type ComponentTargetType = (typeof COMPONENT_TARGET_TYPES)[number];

/**
 * How the registry checks and reaches a thing another component owns. The kits and
 * World Café components provide theirs as a port (app.ts hands them to this
 * component), so the registry stays free of imports from them (no cycle) and still
 * leads a scan to the thing's page.
 */
export type ComponentTarget = {
  exists(refId: string): Promise<boolean>;
  /** The thing's public page (a path on this site, no query or fragment), or undefined when it is gone. */
  publicPath(refId: string): Promise<string | undefined>;
  /** The thing's event/project scope: a code leading to it is managed by whoever manages it. */
  scope?(refId: string): Promise<Scope | undefined>;
};

/** One provider per target type: app.ts cannot build the registry without all of them. */
export type ComponentTargets = Readonly<Record<ComponentTargetType, ComponentTarget>>;

/**
 * The target of `type` among those the caller has. A caller outside this component
 * passes the ones it owns (or none); a code cannot be pointed at a kind it did not bring.
 */
export function componentTarget(
  targets: Partial<ComponentTargets> | undefined,
  type: ComponentTargetType,
): ComponentTarget {
  const target = targets?.[type];
  if (!target)
    throw new AppError('target_type_unavailable', `Codes cannot lead to a ${type} here`, 400);
  return target;
}

export function isComponentTargetType(type: string): type is ComponentTargetType {
  return (COMPONENT_TARGET_TYPES as readonly string[]).includes(type);
}
