import { Types } from 'mongoose';
import { AppError, notFound } from '../../lib/errors';
import type { Page } from '../../lib/http/validate';
import { toApiTokenView, toAuthUser, type ApiTokenView } from './auth.presenter';
import type { AuthUser } from './auth.types';
import { ApiTokenModel } from './api-token.model';
import { verifyPassword, type PasswordHashing } from './password';
import { hashSecret, newSecret } from '../../lib/secrets';
import { SessionModel } from './session.model';
import { UserModel } from './user.model';

/** A browser session lasts this long after its last renewal... */
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
/** ...and is renewed at most this often, so most requests do not write. */
const SESSION_RENEW_AFTER_MS = 3600 * 1000;
const DEFAULT_TOKEN_DAYS = 90;
/** API tokens record when they were last used, at this granularity. */
const TOKEN_TOUCH_MS = 60 * 1000;

/** The one answer for every failed sign-in: it never says which part was wrong. */
export const invalidCredentials = () =>
  new AppError('invalid_credentials', 'E-mail address or password is not right', 401);

/**
 * Checks e-mail and password. Unknown e-mails and accounts without a password cost
 * the same scrypt work as a wrong password and fail with the same error.
 */
export async function verifyCredentials(
  email: string,
  password: string,
  hashing: PasswordHashing,
): Promise<AuthUser> {
  const user = await UserModel.findOne({ email: email.trim().toLowerCase() }).lean();
  const ok = await verifyPassword(password, user?.passwordHash, hashing);
  if (!user || !ok) throw invalidCredentials();
  return toAuthUser(user, 'session');
}

/** Starts a browser session; the returned token goes into the cookie and is not stored. */
export async function createSession(userId: string, now = new Date()) {
  const { token, hash } = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const session = await SessionModel.create({ tokenHash: hash, userId, expiresAt, renewedAt: now });
  return { id: session._id.toString(), token, expiresAt };
}

export type ResolvedSession = {
  sessionId: string;
  user: AuthUser;
  /** Set when the session was renewed, so the cookie can be renewed too. */
  renewedUntil?: Date;
};

/** The live session behind a cookie value, with its user; renews it when due. */
export async function resolveSession(
  token: string,
  now = new Date(),
): Promise<ResolvedSession | undefined> {
  const session = await SessionModel.findOne({
    tokenHash: hashSecret(token),
    expiresAt: { $gt: now },
  }).lean();
  if (!session) return undefined;
  const user = await UserModel.findById(session.userId).lean();
  if (!user) {
    await SessionModel.deleteOne({ _id: session._id });
    return undefined;
  }
  const resolved: ResolvedSession = {
    sessionId: session._id.toString(),
    user: toAuthUser(user, 'session'),
  };
  if (now.getTime() - session.renewedAt.getTime() > SESSION_RENEW_AFTER_MS) {
    resolved.renewedUntil = new Date(now.getTime() + SESSION_TTL_MS);
    await SessionModel.updateOne(
      { _id: session._id },
      { $set: { expiresAt: resolved.renewedUntil, renewedAt: now } },
    );
  }
  return resolved;
}

/** Ends the session behind a cookie value (no error when it is already gone). */
export async function deleteSession(token: string): Promise<void> {
  await SessionModel.deleteOne({ tokenHash: hashSecret(token) });
}

/** Creates an API token for scripts. The plain token is in this answer only. */
export async function createApiToken(
  userId: string,
  options: { name?: string; expiresInDays?: number; now?: Date } = {},
): Promise<{ token: string; id: string; name: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const { token, hash } = newSecret('fk_');
  const expiresAt = new Date(
    now.getTime() + (options.expiresInDays ?? DEFAULT_TOKEN_DAYS) * 24 * 3600 * 1000,
  );
  const name = options.name ?? `token ${now.toISOString().slice(0, 10)}`;
  const doc = await ApiTokenModel.create({ tokenHash: hash, userId, name, expiresAt });
  return { token, id: doc._id.toString(), name, expiresAt };
}

/** The user behind a bearer token, or undefined when the token is unknown or expired. */
export async function resolveApiToken(
  token: string,
  now = new Date(),
): Promise<AuthUser | undefined> {
  const record = await ApiTokenModel.findOne({
    tokenHash: hashSecret(token),
    expiresAt: { $gt: now },
  }).lean();
  if (!record) return undefined;
  const user = await UserModel.findById(record.userId).lean();
  if (!user) return undefined;
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > TOKEN_TOUCH_MS) {
    await ApiTokenModel.updateOne({ _id: record._id }, { $set: { lastUsedAt: now } });
  }
  return toAuthUser(user, 'token');
}

/** A user's own API tokens, newest first (never the token values). */
export async function listApiTokens(
  userId: string,
  query: { page: number; limit: number },
): Promise<Page<ApiTokenView>> {
  const filter = { userId: new Types.ObjectId(userId) };
  const [items, total] = await Promise.all([
    ApiTokenModel.find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .skip((query.page - 1) * query.limit)
      .limit(query.limit)
      .lean(),
    ApiTokenModel.countDocuments(filter),
  ]);
  return { items: items.map(toApiTokenView), page: query.page, limit: query.limit, total };
}

/** Revokes a token. Its owner or an admin may; for anyone else it does not exist (404). */
export async function revokeApiToken(id: string, actor: AuthUser): Promise<void> {
  const filter = actor.role === 'admin' ? { _id: id } : { _id: id, userId: actor.id };
  const { deletedCount } = await ApiTokenModel.deleteOne(filter);
  if (deletedCount === 0) throw notFound('API token');
}
