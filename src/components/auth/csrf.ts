import { createHmac } from 'node:crypto';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import { AppError } from '../../lib/errors';
import { sessionIdOf } from './request-state';

/**
 * CSRF protection for form posts: csrf-csrf's signed double-submit cookie, with the
 * HMAC bound to the session id. Chosen over a stored synchronizer token because it
 * needs no session write and no extra state (app processes stay stateless), while
 * the session binding means a token lifted from one session is useless in another.
 * Before sign-in the binding is to the empty session, which still stops a foreign
 * site from posting the sign-in form (it cannot read or set our cookie).
 */
export type Csrf = {
  /** The token for forms (`_csrf`) and scripts (`X-CSRF-Token`); sets the matching cookie. */
  token: (req: Request, res: Response) => string;
  isValid: (req: Request) => boolean;
  /** Middleware: rejects requests without a valid token with 403 `csrf_invalid`. */
  protect: RequestHandler;
};

export const CSRF_COOKIE = 'fk_csrf';

export const csrfInvalid = (
  detail = 'The form expired or came from another site; reload the page and try again',
) => new AppError('csrf_invalid', detail, 403);

export function createCsrf(
  sessionSecret: string,
  cookieOptions: (req: Request) => CookieOptions,
): Csrf {
  // A key of its own, so CSRF tokens and anything else signed with the session secret never coincide.
  const secret = createHmac('sha256', sessionSecret).update('forumkit csrf').digest('hex');
  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: sessionIdOf,
    cookieName: CSRF_COOKIE,
    cookieOptions: { sameSite: 'lax', path: '/', httpOnly: true, secure: false },
    getCsrfTokenFromRequest: (req) => {
      const field = (req.body as { _csrf?: unknown } | undefined)?._csrf;
      return typeof field === 'string' ? field : req.get('x-csrf-token');
    },
  });
  return {
    token: (req, res) => generateCsrfToken(req, res, { cookieOptions: cookieOptions(req) }),
    isValid: validateRequest,
    protect: (req, _res, next) => next(validateRequest(req) ? undefined : csrfInvalid()),
  };
}
