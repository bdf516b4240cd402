import { AppError } from '../../lib/errors';
import type { Scope } from '../../lib/http/policy';

/** Targets that live in components built on top of the registry (they import it, not the reverse). */
export const COMPONENT_TARGET_TYPES = ['kit', 'table'] as const;
export type ComponentTargetType = (typeof COMPONENT_TARGET_TYPES)[number];

/**
 * How the registry checks and reaches a thing another component owns. The kits and
 * World Café components register theirs when they are created, so the registry stays
 * free of imports from them (no cycle) and still leads a scan to the thing's page.
 */
export type ComponentTarget = {
  exists(refId: string): Promise<boolean>;
  /** The thing's public page (a path on this site, no query or fragment), or undefined when it is gone. */
  publicPath(refId: string): Promise<string | undefined>;
  /** The thing's event/project scope: a code leading to it is managed by whoever manages it. */
  scope?(refId: string): Promise<Scope | undefined>;
};

const registered = new Map<ComponentTargetType, ComponentTarget>();

export function registerQrTarget(type: ComponentTargetType, target: ComponentTarget): void {
  registered.set(type, target);
}

export function componentTarget(type: ComponentTargetType): ComponentTarget {
  const target = registered.get(type);
  if (!target)
    throw new AppError('target_type_unavailable', `Codes cannot lead to a ${type} here`, 400);
  return target;
}

export function isComponentTargetType(type: string): type is ComponentTargetType {
  return (COMPONENT_TARGET_TYPES as readonly string[]).includes(type);
}
