import { Types } from 'mongoose';
import { AppError, notFound } from '../../lib/errors';
import type { Page } from '../../lib/http/validate';
import { toCapabilityLinkView, type CapabilityLinkView } from './auth.presenter';
import type { CapabilityGrant } from './auth.types';
import { CapabilityLinkModel } from './capability-link.model';
import { hashSecret, newSecret } from '../../lib/secrets';

const DEFAULT_LIFETIME_MS = 30 * 24 * 3600 * 1000;

export type IssueCapabilityInput = {
  /** e.g. 'world-cafe:table' */
  scope: string;
  /** e.g. the table id */
  resourceId: string;
  /** Default: 30 days from now. */
  expiresAt?: Date;
  /** Shown to admins in the list, e.g. "Table 2 facilitator". */
  label?: string;
  /** Page the link opens; default `/<scope with ':' as '/'>/<resourceId>`, e.g. /world-cafe/table/<id>. */
  path?: string;
  /** Origin to prefix (usually config.publicBaseUrl); without it the url is site-relative. */
  baseUrl?: string;
  /** Who issued it (an organiser's id), for the record. */
  createdBy?: string;
  now?: Date;
};

/**
 * Issues a capability link: 256 random bits, stored as sha256, so the url in the
 * answer is the only copy of the key. Revocable; expires at `expiresAt`.
 */
export async function issueCapabilityLink(
  input: IssueCapabilityInput,
): Promise<{ url: string; token: string; id: string }> {
  const now = input.now ?? new Date();
  const expiresAt = input.expiresAt ?? new Date(now.getTime() + DEFAULT_LIFETIME_MS);
  if (!input.scope || !input.resourceId) {
    throw new AppError('validation_failed', 'A capability link needs a scope and a resource', 400);
  }
  const { token, hash } = newSecret();
  const doc = await CapabilityLinkModel.create({
    tokenHash: hash,
    scope: input.scope,
    resourceId: input.resourceId,
    label: input.label,
    expiresAt,
    createdBy: input.createdBy ? new Types.ObjectId(input.createdBy) : undefined,
  });
  const path =
    input.path ??
    `/${input.scope.split(':').map(encodeURIComponent).join('/')}/${encodeURIComponent(input.resourceId)}`;
  const separator = path.includes('?') ? '&' : '?';
  return {
    url: `${input.baseUrl ?? ''}${path}${separator}key=${token}`,
    token,
    id: doc._id.toString(),
  };
}

/**
 * The grant behind a presented key. Throws 403 with `capability_invalid` (unknown),
 * `capability_revoked` or `capability_expired`.
 */
export async function resolveCapability(token: string, now = new Date()): Promise<CapabilityGrant> {
  const link = await CapabilityLinkModel.findOne({ tokenHash: hashSecret(token) }).lean();
  if (!link) throw new AppError('capability_invalid', 'This link is not valid', 403);
  if (link.revokedAt) throw new AppError('capability_revoked', 'This link has been revoked', 403);
  if (link.expiresAt <= now) throw new AppError('capability_expired', 'This link has expired', 403);
  return {
    id: link._id.toString(),
    scope: link.scope,
    resourceId: link.resourceId,
    expiresAt: link.expiresAt,
  };
}

/** Whether `token` is the key of some capability link (valid or not). */
export async function isCapabilityKey(token: string): Promise<boolean> {
  return (await CapabilityLinkModel.exists({ tokenHash: hashSecret(token) })) !== null;
}

/** Revokes a link (idempotent for already revoked links); 404 when unknown. */
export async function revokeCapabilityLink(id: string, now = new Date()): Promise<void> {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw notFound('Capability link');
  const link = await CapabilityLinkModel.findOneAndUpdate(
    { _id: id, revokedAt: null },
    { $set: { revokedAt: now } },
  ).lean();
  if (!link && !(await CapabilityLinkModel.exists({ _id: id }))) throw notFound('Capability link');
}

export type CapabilityLinkFilter = {
  scope?: string;
  resourceId?: string;
  /** Default 'active'. */
  status?: 'active' | 'expired' | 'revoked' | 'all';
  page?: number;
  limit?: number;
  now?: Date;
};

/** Capability links, newest first, filtered by scope, resource and status. */
export async function listCapabilityLinks(
  filter: CapabilityLinkFilter = {},
): Promise<Page<CapabilityLinkView>> {
  const now = filter.now ?? new Date();
  const page = filter.page ?? 1;
  const limit = filter.limit ?? 50;
  const query: Record<string, unknown> = {};
  if (filter.scope) query.scope = filter.scope;
  if (filter.resourceId) query.resourceId = filter.resourceId;
  switch (filter.status ?? 'active') {
    case 'active':
      Object.assign(query, { revokedAt: null, expiresAt: { $gt: now } });
      break;
    case 'expired':
      Object.assign(query, { revokedAt: null, expiresAt: { $lte: now } });
      break;
    case 'revoked':
      query.revokedAt = { $ne: null };
      break;
    case 'all':
      break;
  }
  const [items, total] = await Promise.all([
    CapabilityLinkModel.find(query)
      .sort({ createdAt: -1, _id: -1 })
      .skip((page - 1) * limit)
      .limit(limit)
      .lean(),
    CapabilityLinkModel.countDocuments(query),
  ]);
  return { items: items.map((link) => toCapabilityLinkView(link, now)), page, limit, total };
}
