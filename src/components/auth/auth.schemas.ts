import { z } from 'zod';
import { lineText, objectId, paginationQuery } from '../../lib/http/validate';
import { ROLES } from './auth.types';
import { isTimeZoneName } from '../../lib/time-format';

/** E-mail addresses are compared and stored lower-cased. */
export const emailAddress = z.string().trim().toLowerCase().max(320).pipe(z.email());
/** Long enough to resist guessing; the upper bound keeps scrypt input reasonable. */
export const newPassword = z.string().min(12, 'must be at least 12 characters').max(1024);
const role = z.enum(ROLES);

/** Sign-in credentials are not format-checked: any mismatch gets the same 401. */
const credentials = {
  email: z.string().trim().toLowerCase().min(1).max(320),
  password: z.string().min(1).max(1024),
};

export const createTokenBody = z.strictObject({
  ...credentials,
  name: lineText(100).optional(),
  expiresInDays: z.number().int().min(1).max(365).optional(),
});

export const listTokensQuery = z.strictObject({ ...paginationQuery.shape });

export const createUserBody = z
  .strictObject({
    email: emailAddress,
    name: lineText(200),
    role,
    eventIds: z.array(objectId).max(500).optional(),
    projectIds: z.array(objectId).max(500).optional(),
    password: newPassword.optional(),
    /** Create without a password and e-mail a one-time set-password link. */
    invite: z.boolean().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.invite && value.password !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['invite'],
        message: 'either invite or password, not both',
      });
    }
    if (!value.invite && value.password === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'required unless invite is true',
      });
    }
  });

export const updateUserBody = z
  .strictObject({
    email: emailAddress.optional(),
    name: lineText(200).optional(),
    role: role.optional(),
    eventIds: z.array(objectId).max(500).optional(),
    projectIds: z.array(objectId).max(500).optional(),
    password: newPassword.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'nothing to change' });

export const USER_SORTS = ['name', '-name', 'email', '-email', 'createdAt', '-createdAt'] as const;

export const listUsersQuery = z.strictObject({
  ...paginationQuery.shape,
  role: role.optional(),
  sort: z.enum(USER_SORTS).default('name'),
});

export const CAPABILITY_STATUSES = ['active', 'expired', 'revoked', 'all'] as const;

export const listCapabilityLinksQuery = z.strictObject({
  ...paginationQuery.shape,
  scope: z.string().min(1).max(100).optional(),
  resourceId: z.string().min(1).max(100).optional(),
  status: z.enum(CAPABILITY_STATUSES).default('active'),
});

/** Form posts carry the CSRF field next to their own fields. */
const csrfField = { _csrf: z.string().max(200).optional() };

/**
 * Password forms carry the account's address in a hidden `username` field so that
 * password managers store the new password under the right account (a browser
 * convention, see https://www.chromium.org/developers/design-documents/create-amazing-password-forms/).
 * It is accepted and ignored: the account comes from the link or the session.
 */
const passwordManagerField = { username: z.string().max(320).optional() };

export const signInForm = z.strictObject({
  ...credentials,
  next: z.string().max(2000).optional(),
  ...csrfField,
});

export const setPasswordForm = z
  .strictObject({
    token: z.string().min(1).max(200),
    password: newPassword,
    passwordConfirm: z.string().max(1024),
    ...passwordManagerField,
    ...csrfField,
  })
  .refine((value) => value.password === value.passwordConfirm, {
    path: ['passwordConfirm'],
    message: 'the two passwords differ',
  });

/** The current password is not format-checked: any mismatch gets the same 401. */
const currentPassword = z.string().min(1).max(1024);

export const changePasswordBody = z.strictObject({ currentPassword, newPassword });

export const changePasswordForm = z
  .strictObject({
    currentPassword,
    newPassword,
    newPasswordConfirm: z.string().max(1024),
    ...passwordManagerField,
    ...csrfField,
  })
  .refine((value) => value.newPassword === value.newPasswordConfirm, {
    path: ['newPasswordConfirm'],
    message: 'the two passwords differ',
  });

export const forgotPasswordForm = z.strictObject({ email: emailAddress, ...csrfField });

export const timeZoneForm = z.strictObject({
  timeZone: z.string().max(64).refine(isTimeZoneName, 'choose a time zone from the list'),
  ...csrfField,
});

export const inviteForm = z.strictObject({
  name: lineText(200),
  email: emailAddress,
  role,
  ...csrfField,
});

// Answers, for the API document.
export const userView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role,
  eventIds: z.array(z.string()),
  projectIds: z.array(z.string()),
  status: z.enum(['active', 'invited']),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const invitationView = z.object({
  userId: z.string(),
  email: z.string(),
  expiresAt: z.string(),
});

export const apiTokenView = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
});

export const createdTokenView = z.object({
  token: z.string(),
  id: z.string(),
  name: z.string(),
  expiresAt: z.string(),
});

export const capabilityLinkView = z.object({
  id: z.string(),
  scope: z.string(),
  resourceId: z.string(),
  label: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), page: z.number(), limit: z.number(), total: z.number() });
