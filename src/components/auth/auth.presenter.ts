import type { Types } from 'mongoose';
import type { AuthUser, Role } from './auth.types';

/** What the presenters read from stored documents (any lean or hydrated shape with these fields). */
type UserLike = {
  _id: Types.ObjectId;
  email: string;
  name: string;
  role: string;
  eventIds?: Types.ObjectId[] | null;
  projectIds?: Types.ObjectId[] | null;
  passwordHash?: string | null;
  timeZone?: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type UserView = {
  id: string;
  email: string;
  name: string;
  role: Role;
  eventIds: string[];
  projectIds: string[];
  /** `invited` until the person sets a password through their invitation link. */
  status: 'active' | 'invited';
  createdAt: Date;
  updatedAt: Date;
};

export function toUserView(user: UserLike): UserView {
  return {
    id: user._id.toString(),
    email: user.email,
    name: user.name,
    role: user.role as Role,
    eventIds: (user.eventIds ?? []).map(String),
    projectIds: (user.projectIds ?? []).map(String),
    status: user.passwordHash ? 'active' : 'invited',
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

export function toAuthUser(user: UserLike, via: AuthUser['via']): AuthUser {
  return {
    id: user._id.toString(),
    email: user.email,
    name: user.name,
    role: user.role as Role,
    eventIds: (user.eventIds ?? []).map(String),
    projectIds: (user.projectIds ?? []).map(String),
    ...(user.timeZone ? { timeZone: user.timeZone } : {}),
    via,
  };
}

export type ApiTokenView = {
  id: string;
  name: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
};

export function toApiTokenView(token: {
  _id: Types.ObjectId;
  name: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt?: Date | null;
}): ApiTokenView {
  return {
    id: token._id.toString(),
    name: token.name,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    lastUsedAt: token.lastUsedAt ?? null,
  };
}

export type CapabilityLinkView = {
  id: string;
  scope: string;
  resourceId: string;
  label: string | null;
  status: 'active' | 'expired' | 'revoked';
  expiresAt: Date;
  revokedAt: Date | null;
  createdAt: Date;
};

export function toCapabilityLinkView(
  link: {
    _id: Types.ObjectId;
    scope: string;
    resourceId: string;
    label?: string | null;
    expiresAt: Date;
    revokedAt?: Date | null;
    createdAt: Date;
  },
  now: Date,
): CapabilityLinkView {
  return {
    id: link._id.toString(),
    scope: link.scope,
    resourceId: link.resourceId,
    label: link.label ?? null,
    status: link.revokedAt ? 'revoked' : link.expiresAt <= now ? 'expired' : 'active',
    expiresAt: link.expiresAt,
    revokedAt: link.revokedAt ?? null,
    createdAt: link.createdAt,
  };
}
