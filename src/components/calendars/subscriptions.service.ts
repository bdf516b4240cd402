import { Types } from 'mongoose';
import { AppError, forbidden, notFound } from '../../lib/errors';
import { asActor, ownedPolicy } from './policies';
import type { Page } from '../../lib/http/validate';
import { hashSecret, newSecret } from '../../lib/secrets';
import type { AuthUser } from '../auth';
import { getUser } from '../auth';
import { sourceFor } from './calendar-sources';
import type { CreateSubscriptionInput, ListSubscriptionsQuery } from './calendars.schemas';
import { toSubscriptionView, type CalendarSubscriptionView } from './calendars.presenter';
import { CalendarSubscriptionModel, type CalendarSubscriptionDoc } from './subscription.model';

/** lastUsedAt is a hint for people tidying their links, not an audit log: one write per hour at most. */
const LAST_USED_RESOLUTION_MS = 60 * 60 * 1000;

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Creates a subscription link for `user` after the scope's source has checked the
 * resource (404 unknown, 403 not allowed). Returns the raw token, which is not
 * stored and cannot be shown again.
 */
export async function createSubscription(
  user: AuthUser,
  input: CreateSubscriptionInput,
): Promise<{ subscription: CalendarSubscriptionView; token: string }> {
  const { label } = await sourceFor(input.scope).authorize(user, input.resourceId);
  // 256 random bits: base64url without padding is always 43 characters (TOKEN_PATTERN).
  const { token, hash } = newSecret();
  const doc = await CalendarSubscriptionModel.create({
    ownerUserId: new Types.ObjectId(user.id),
    scope: input.scope,
    resourceId: input.resourceId,
    tokenHash: hash,
    label: input.label ?? label,
  });
  return { subscription: toSubscriptionView(doc.toObject()), token };
}

/**
 * Lists links, newest first: the user's own, or (admins) anyone's with
 * `ownerUserId`, or everyone's without it. 403 when a non-admin names someone else.
 */
export async function listSubscriptions(
  user: AuthUser,
  query: ListSubscriptionsQuery,
): Promise<Page<CalendarSubscriptionView>> {
  const filter: Record<string, unknown> = {};
  if (user.role === 'admin') {
    if (query.ownerUserId) filter.ownerUserId = new Types.ObjectId(query.ownerUserId);
  } else {
    if (
      query.ownerUserId &&
      !ownedPolicy.may(asActor(user), 'read', { ownerUserId: query.ownerUserId })
    )
      throw forbidden();
    filter.ownerUserId = new Types.ObjectId(user.id);
  }
  if (!query.includeRevoked) filter.revokedAt = { $exists: false };
  const [docs, total] = await Promise.all([
    CalendarSubscriptionModel.find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .skip((query.page - 1) * query.limit)
      .limit(query.limit)
      .lean<CalendarSubscriptionDoc[]>(),
    CalendarSubscriptionModel.countDocuments(filter),
  ]);
  return { items: docs.map(toSubscriptionView), page: query.page, limit: query.limit, total };
}

/** One link, for its owner or an admin (403 otherwise); 404 for an unknown id. */
export async function getSubscription(
  user: AuthUser,
  id: string,
): Promise<CalendarSubscriptionView> {
  const doc = await CalendarSubscriptionModel.findById(id).lean<CalendarSubscriptionDoc | null>();
  if (!doc) throw notFound('Calendar subscription');
  if (!ownedPolicy.may(asActor(user), 'read', { ownerUserId: doc.ownerUserId.toString() }))
    throw forbidden();
  return toSubscriptionView(doc);
}

/**
 * Revokes a link: its feed answers 404 from now on. Owner or admin only (403);
 * 404 for an unknown id. Revoking twice is harmless.
 */
export async function revokeSubscription(user: AuthUser, id: string, now: Date): Promise<void> {
  const doc = await CalendarSubscriptionModel.findById(id);
  if (!doc) throw notFound('Calendar subscription');
  if (!ownedPolicy.may(asActor(user), 'revoke', { ownerUserId: doc.ownerUserId.toString() }))
    throw forbidden();
  if (!doc.revokedAt) {
    doc.revokedAt = now;
    await doc.save();
  }
}

/**
 * The live subscription behind a feed token. Unknown, malformed and revoked tokens,
 * and links whose owner no longer has an account, are all the same 404 so the
 * answer reveals nothing about which it was.
 */
export async function resolveSubscriptionToken(
  token: string,
  now: Date,
): Promise<CalendarSubscriptionView> {
  const gone = notFound('Calendar');
  if (!TOKEN_PATTERN.test(token)) throw gone;
  const doc = await CalendarSubscriptionModel.findOne({
    tokenHash: hashSecret(token),
  }).lean<CalendarSubscriptionDoc | null>();
  if (!doc || doc.revokedAt) throw gone;
  try {
    await getUser(doc.ownerUserId.toString());
  } catch (err) {
    if (err instanceof AppError && err.status === 404) throw gone;
    throw err;
  }
  if (!doc.lastUsedAt || now.getTime() - doc.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await CalendarSubscriptionModel.updateOne({ _id: doc._id }, { $set: { lastUsedAt: now } });
  }
  return toSubscriptionView(doc);
}
