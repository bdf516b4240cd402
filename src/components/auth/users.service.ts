import { Types, type ClientSession } from 'mongoose';
import { AppError, conflict, notFound } from '../../lib/errors';
import type { Page } from '../../lib/http/validate';
import { enqueueMail } from '../mail';
import { toUserView, type UserView } from './auth.presenter';
import type { Role } from './auth.types';
import { ADMIN_GUARD_ID, AdminGuardModel } from './admin-guard.model';
import { ApiTokenModel } from './api-token.model';
import { hashPassword, type PasswordHashing } from './password';
import { newSecret, hashSecret } from '../../lib/secrets';
import { SessionModel } from './session.model';
import { SetPasswordTokenModel, type SetPasswordPurpose } from './set-password-token.model';
import { UserModel, type UserDocument } from './user.model';

/** How long an account invitation link stays usable. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export type NewUser = {
  email: string;
  name: string;
  role: Role;
  eventIds?: string[];
  projectIds?: string[];
  password?: string;
  /** Create without a password and e-mail a one-time set-password link. */
  invite?: boolean;
};

export type Inviter = { id: string; name: string };

/**
 * Creates an organiser account. With `invite`, the account has no password yet and an
 * invitation e-mail with a set-password link goes to the outbox.
 * Throws 409 `email_taken` when the (lower-cased) e-mail is already registered.
 */
export async function createUser(
  input: NewUser,
  options: {
    baseUrl: string;
    passwordHash: PasswordHashing;
    inviter?: Inviter;
    now?: Date;
    defaultTimeZone?: string;
  },
): Promise<UserView> {
  const now = options.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  if (await UserModel.exists({ email })) throw emailTaken();
  let user: UserDocument;
  try {
    user = await UserModel.create({
      email,
      name: input.name,
      role: input.role,
      eventIds: (input.eventIds ?? []).map((id) => new Types.ObjectId(id)),
      projectIds: (input.projectIds ?? []).map((id) => new Types.ObjectId(id)),
      passwordHash:
        input.password === undefined
          ? undefined
          : await hashPassword(input.password, options.passwordHash),
      invitedBy:
        input.invite && options.inviter ? new Types.ObjectId(options.inviter.id) : undefined,
      invitedAt: input.invite ? now : undefined,
    });
  } catch (err) {
    // Two requests racing past the exists() check: the unique index decides.
    if ((err as { code?: unknown }).code === 11000) throw emailTaken();
    throw err;
  }
  if (input.invite) await sendInvitation(user, options, now);
  return toUserView(user);
}

/**
 * Issues a fresh one-time set-password link for a user. Earlier unused links of the
 * same purpose stop working, so only the newest such e-mail opens anything. Links of
 * the other purpose stay: anyone who knows an invited person's address can ask for a
 * password reset, and that must not cancel their invitation. Setting a password with
 * any link ends all the others (setPasswordWithLink).
 */
export async function issueSetPasswordLink(
  userId: Types.ObjectId,
  purpose: SetPasswordPurpose,
  options: { baseUrl: string; ttlMs: number; now: Date },
): Promise<{ link: string; expiresAt: Date }> {
  await SetPasswordTokenModel.deleteMany({ userId, purpose, usedAt: null });
  const { token, hash } = newSecret();
  const expiresAt = new Date(options.now.getTime() + options.ttlMs);
  await SetPasswordTokenModel.create({ tokenHash: hash, userId, purpose, expiresAt });
  return { link: `${options.baseUrl}/set-password?token=${encodeURIComponent(token)}`, expiresAt };
}

/** Issues a fresh invitation link for `user` and queues the invitation e-mail. */
async function sendInvitation(
  user: UserDocument,
  {
    baseUrl,
    inviter,
    defaultTimeZone,
  }: { baseUrl: string; inviter?: Inviter; defaultTimeZone?: string },
  now: Date,
) {
  const { link, expiresAt } = await issueSetPasswordLink(user._id, 'invitation', {
    baseUrl,
    ttlMs: INVITATION_TTL_MS,
    now,
  });
  await enqueueMail({
    to: user.email,
    template: 'account-invitation',
    data: {
      name: user.name,
      inviterName: inviter?.name ?? 'forumkit',
      link,
      expiresAt,
      timeZone: user.timeZone ?? defaultTimeZone,
    },
  });
  return { expiresAt };
}

/**
 * Sends a user who has not set a password yet a new invitation; the previous link
 * stops working. 404 for an unknown user, 409 `already_active` once a password is set.
 */
export async function resendInvitation(
  id: string,
  options: { baseUrl: string; inviter: Inviter; now?: Date; defaultTimeZone?: string },
): Promise<{ userId: string; email: string; expiresAt: Date }> {
  const user = await UserModel.findById(id);
  if (!user) throw notFound('User');
  if (user.passwordHash) {
    throw conflict('already_active', 'This user has already set a password');
  }
  const now = options.now ?? new Date();
  if (!user.invitedAt) {
    user.invitedAt = now;
    user.invitedBy = new Types.ObjectId(options.inviter.id);
    await user.save();
  }
  const { expiresAt } = await sendInvitation(user, options, now);
  return { userId: user._id.toString(), email: user.email, expiresAt };
}

/** One user by id; 404 `not_found` when there is none. */
export async function getUser(id: string): Promise<UserView> {
  const user = await UserModel.findById(id).lean();
  if (!user) throw notFound('User');
  return toUserView(user);
}

const SORT_FIELDS: Record<string, Record<string, 1 | -1>> = {
  name: { name: 1, _id: 1 },
  '-name': { name: -1, _id: 1 },
  email: { email: 1 },
  '-email': { email: -1 },
  createdAt: { createdAt: 1, _id: 1 },
  '-createdAt': { createdAt: -1, _id: 1 },
};

/** Users page by page, optionally of one role, sorted by `sort` (field, `-` for descending). */
export async function listUsers(query: {
  page: number;
  limit: number;
  role?: Role;
  sort: string;
}): Promise<Page<UserView>> {
  const filter = query.role ? { role: query.role } : {};
  const [items, total] = await Promise.all([
    UserModel.find(filter)
      .sort(
        (Object.hasOwn(SORT_FIELDS, query.sort) && SORT_FIELDS[query.sort]) || SORT_FIELDS.name!,
      )
      .skip((query.page - 1) * query.limit)
      .limit(query.limit)
      .lean(),
    UserModel.countDocuments(filter),
  ]);
  return { items: items.map(toUserView), page: query.page, limit: query.limit, total };
}

export type UserChanges = Partial<
  Pick<NewUser, 'email' | 'name' | 'role' | 'eventIds' | 'projectIds' | 'password'>
>;

/**
 * Changes a user. A new password ends the user's browser sessions and API tokens. The last admin
 * cannot be demoted (409 `last_admin`): someone must be able to manage accounts.
 */
export async function updateUser(
  id: string,
  changes: UserChanges,
  hashing: PasswordHashing,
): Promise<UserView> {
  const user = await UserModel.findById(id);
  if (!user) throw notFound('User');
  const demotes = changes.role !== undefined && changes.role !== 'admin' && user.role === 'admin';
  if (changes.email !== undefined) {
    const email = changes.email.trim().toLowerCase();
    if (email !== user.email && (await UserModel.exists({ email }))) throw emailTaken();
    user.email = email;
  }
  if (changes.name !== undefined) user.name = changes.name;
  if (changes.role !== undefined) user.role = changes.role;
  if (changes.eventIds !== undefined) {
    user.eventIds = changes.eventIds.map((eventId) => new Types.ObjectId(eventId));
  }
  if (changes.projectIds !== undefined) {
    user.projectIds = changes.projectIds.map((projectId) => new Types.ObjectId(projectId));
  }
  if (changes.password !== undefined)
    user.passwordHash = await hashPassword(changes.password, hashing);
  try {
    if (demotes) await whileAnotherAdminRemains(user._id, (session) => user.save({ session }));
    else await user.save();
  } catch (err) {
    if ((err as { code?: unknown }).code === 11000) throw emailTaken();
    throw err;
  }
  if (changes.password !== undefined) {
    // Whoever knew the old password may have made tokens with it: they end with the sessions.
    await Promise.all([
      SessionModel.deleteMany({ userId: user._id }),
      ApiTokenModel.deleteMany({ userId: user._id }),
    ]);
  }
  return toUserView(user);
}

/** Deletes a user with their sessions, API tokens and pending invitations. Not the last admin. */
export async function deleteUser(id: string): Promise<void> {
  const user = await UserModel.findById(id).lean();
  if (!user) throw notFound('User');
  if (user.role === 'admin') {
    await whileAnotherAdminRemains(user._id, async (session) => {
      await UserModel.deleteOne({ _id: user._id }, { session });
    });
  } else {
    await UserModel.deleteOne({ _id: user._id });
  }
  await Promise.all([
    SessionModel.deleteMany({ userId: user._id }),
    ApiTokenModel.deleteMany({ userId: user._id }),
    SetPasswordTokenModel.deleteMany({ userId: user._id }),
  ]);
}

/**
 * Runs `change` (which takes admin rights from `userId`) in a transaction that first
 * writes the shared guard document, then checks that another admin remains: two
 * admins demoting each other at once conflict on the guard, the loser is retried by
 * the driver and then finds itself the last admin (409 `last_admin`).
 */
async function whileAnotherAdminRemains(
  userId: Types.ObjectId,
  change: (session: ClientSession) => Promise<unknown>,
): Promise<void> {
  await UserModel.db.transaction(async (session) => {
    await AdminGuardModel.updateOne(
      { _id: ADMIN_GUARD_ID },
      { $inc: { version: 1 } },
      { upsert: true, session },
    );
    const others = await UserModel.countDocuments({ role: 'admin', _id: { $ne: userId } }).session(
      session,
    );
    if (others === 0) throw conflict('last_admin', 'The last admin cannot be removed or demoted');
    await change(session);
  });
}

function emailTaken() {
  return conflict('email_taken', 'A user with this e-mail address already exists');
}

/** Who a still-usable set-password link belongs to, or undefined (unknown, used or expired). */
export async function findSetPasswordLink(
  token: string,
  now = new Date(),
): Promise<{ name: string; email: string } | undefined> {
  const link = await SetPasswordTokenModel.findOne({
    tokenHash: hashSecret(token),
    usedAt: null,
    expiresAt: { $gt: now },
  }).lean();
  if (!link) return undefined;
  const user = await UserModel.findById(link.userId).lean();
  return user ? { name: user.name, email: user.email } : undefined;
}

/**
 * Consumes a set-password link (once: the link is marked used atomically) and sets
 * the password. Every browser session of the user ends; a password-reset link also
 * revokes their API tokens, since whoever knew the old password could have made some.
 * Throws 400 `link_invalid` for unknown, used or expired links.
 * Returns the user id so the caller can start a session.
 */
export async function setPasswordWithLink(
  token: string,
  password: string,
  hashing: PasswordHashing,
  now = new Date(),
): Promise<string> {
  const link = await SetPasswordTokenModel.findOneAndUpdate(
    { tokenHash: hashSecret(token), usedAt: null, expiresAt: { $gt: now } },
    { $set: { usedAt: now } },
  ).lean();
  const user = link && (await UserModel.findById(link.userId));
  if (!user)
    throw new AppError('link_invalid', 'This link is unknown, already used or expired', 400);
  user.passwordHash = await hashPassword(password, hashing);
  await user.save();
  await Promise.all([
    SessionModel.deleteMany({ userId: user._id }),
    // An invitation and a reset link may both be out; once a password is set, neither opens anything.
    SetPasswordTokenModel.deleteMany({ userId: user._id, usedAt: null }),
  ]);
  if (link.purpose === 'password-reset') await ApiTokenModel.deleteMany({ userId: user._id });
  return user._id.toString();
}
