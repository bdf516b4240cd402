import type { Logger } from '../../lib/logger';
import { enqueueMail } from '../mail';
import { ApiTokenModel } from './api-token.model';
import { invalidCredentials } from './credentials.service';
import { hashPassword, verifyPassword, type PasswordHashing } from './password';
import { SessionModel } from './session.model';
import { UserModel } from './user.model';
import { issueSetPasswordLink } from './users.service';

/** A password-reset link is a way into the account without the password: short-lived. */
export const PASSWORD_RESET_TTL_MS = 3600 * 1000;

/** The credential a request came with, which a password change leaves alive. */
export type CurrentCredential = { sessionId?: string; apiTokenHash?: string };

/**
 * Changes a user's own password after checking the current one (401
 * `invalid_credentials` when it is wrong, the same answer as a failed sign-in).
 * Every other browser session and API token of the user ends: whoever may have
 * learnt the old password loses what they got with it. `keep` is the credential of
 * the request itself, so the person changing the password stays signed in.
 */
export async function changePassword(
  userId: string,
  passwords: { currentPassword: string; newPassword: string },
  keep: CurrentCredential,
  hashing: PasswordHashing,
): Promise<void> {
  const user = await UserModel.findById(userId);
  if (!(await verifyPassword(passwords.currentPassword, user?.passwordHash, hashing)) || !user) {
    throw invalidCredentials();
  }
  user.passwordHash = await hashPassword(passwords.newPassword, hashing);
  await user.save();
  await Promise.all([
    SessionModel.deleteMany({
      userId: user._id,
      ...(keep.sessionId ? { _id: { $ne: keep.sessionId } } : {}),
    }),
    ApiTokenModel.deleteMany({
      userId: user._id,
      ...(keep.apiTokenHash ? { tokenHash: { $ne: keep.apiTokenHash } } : {}),
    }),
  ]);
}

/** Sets the zone a person reads times in (pages outside an event, their e-mails). */
export async function setTimeZone(userId: string, timeZone: string): Promise<void> {
  await UserModel.updateOne({ _id: userId }, { $set: { timeZone } });
}

/**
 * Queues a `password-reset` e-mail with a one-time set-password link when an account
 * with this e-mail exists; does nothing otherwise. Callers answer the same either
 * way, so the form does not reveal which addresses have accounts.
 */
export async function requestPasswordReset(
  email: string,
  options: { baseUrl: string; now?: Date; defaultTimeZone?: string },
): Promise<void> {
  const user = await UserModel.findOne({ email: email.trim().toLowerCase() }).lean();
  if (!user) return;
  const { link, expiresAt } = await issueSetPasswordLink(user._id, 'password-reset', {
    baseUrl: options.baseUrl,
    ttlMs: PASSWORD_RESET_TTL_MS,
    now: options.now ?? new Date(),
  });
  await enqueueMail({
    to: user.email,
    template: 'password-reset',
    data: { name: user.name, link, expiresAt, timeZone: user.timeZone ?? options.defaultTimeZone },
  });
}

export type PasswordResetQueue = {
  /**
   * Starts `requestPasswordReset` after the caller has answered, so the answer costs
   * the same for a known and an unknown address (looking up the account, issuing a
   * link and queueing the e-mail happen afterwards; the e-mail itself goes through the
   * durable outbox). A failure is logged, never shown: the answer is already out.
   */
  later(
    email: string,
    options: { baseUrl: string; now?: Date; defaultTimeZone?: string; logger: Logger },
  ): void;
  /** Resolves once every reset asked for so far is done (tests; a graceful stop). */
  settled(): Promise<void>;
};

/** One queue per app: the resets its pages were asked for and has not done yet. */
export function createPasswordResetQueue(): PasswordResetQueue {
  const pending = new Set<Promise<void>>();
  return {
    later(email, options) {
      const job = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => requestPasswordReset(email, options))
        .catch((err: unknown) => options.logger.error({ err }, 'password reset request failed'))
        .finally(() => pending.delete(job));
      pending.add(job);
    },
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
