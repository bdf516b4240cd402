import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { toFieldProblems, type FieldProblem } from '../../lib/http/validate';
import {
  changePassword,
  PASSWORD_RESET_TTL_MS,
  type PasswordResetQueue,
  setTimeZone,
} from './account.service';
import { changePasswordForm, forgotPasswordForm, timeZoneForm } from './auth.schemas';
import type { Csrf } from './csrf';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import { createPageRenderer, viewerTimeZone } from '../../lib/http/pages';
import { formatDateTime, timeZoneNames } from '../../lib/time-format';
import { apiTokenHashOf, sessionIdOf } from './request-state';

/**
 * The organiser's own account: change the password while signed in (`/account`),
 * or ask for a reset link when it is forgotten (`/forgot-password`).
 */
export function createAccountPagesRouter(
  context: AppContext,
  csrf: Csrf,
  limiters: { signIn: RequestHandler; passwordReset: RequestHandler },
  resets: PasswordResetQueue,
): Router {
  const router = Router();
  const render = createPageRenderer(context.config);

  router.get('/account', requireSignedInPage, (req, res) => {
    renderAccount(req, res, {
      changed: req.query.changed === '1',
      zoneSaved: req.query.zone === 'saved',
    });
  });

  router.post('/account/time-zone', requireSignedInPage, async (req, res, next) => {
    try {
      const form = timeZoneForm.safeParse(req.body ?? {});
      if (!form.success) {
        return renderAccount(req, res, { zoneErrors: toFieldProblems(form.error) }, 400);
      }
      await setTimeZone(currentUser(req).id, form.data.timeZone);
      res.redirect(303, '/account?zone=saved');
    } catch (err) {
      next(err);
    }
  });

  // Cookie-authenticated posts are CSRF-checked by `authenticate`, before any handler.
  router.post('/account/password', requireSignedInPage, limiters.signIn, async (req, res, next) => {
    try {
      const form = changePasswordForm.safeParse(req.body ?? {});
      if (!form.success) {
        return renderAccount(req, res, { errors: toFieldProblems(form.error) }, 400);
      }
      try {
        await changePassword(
          currentUser(req).id,
          form.data,
          { sessionId: sessionIdOf(req) || undefined, apiTokenHash: apiTokenHashOf(req) },
          context.config.passwordHash,
        );
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'invalid_credentials') throw err;
        const problem = { path: 'currentPassword', message: 'is not right' };
        return renderAccount(req, res, { errors: [problem] }, 401);
      }
      res.redirect(303, '/account?changed=1');
    } catch (err) {
      next(err);
    }
  });

  router.get('/forgot-password', (req, res) => {
    renderForgotPassword(req, res, {});
  });

  router.post('/forgot-password', limiters.passwordReset, csrf.protect, async (req, res, next) => {
    try {
      const form = forgotPasswordForm.safeParse(req.body ?? {});
      if (!form.success) {
        const email: unknown = req.body?.email;
        return renderForgotPassword(
          req,
          res,
          { errors: toFieldProblems(form.error), email: typeof email === 'string' ? email : '' },
          400,
        );
      }
      // The same page, at once, whether or not the address has an account; the work
      // (lookup, link, e-mail) follows the answer.
      renderForgotPassword(req, res, { sent: true });
      resets.later(form.data.email, {
        baseUrl: context.config.publicBaseUrl,
        defaultTimeZone: context.config.defaultTimeZone,
        now: context.clock(),
        logger: context.logger,
      });
    } catch (err) {
      next(err);
    }
  });

  function renderAccount(
    req: Request,
    res: Response,
    data: {
      changed?: boolean;
      zoneSaved?: boolean;
      errors?: FieldProblem[];
      zoneErrors?: FieldProblem[];
    },
    status = 200,
  ) {
    const zone = viewerTimeZone(req, context.config);
    render(
      req,
      res,
      'auth/account',
      {
        title: 'Your account',
        timeZone: zone,
        timeZoneExample: formatDateTime(context.clock(), zone),
        timeZones: timeZoneNames().map((name) => ({ name, selected: name === zone })),
        ...data,
      },
      status,
    );
  }

  function renderForgotPassword(
    req: Request,
    res: Response,
    data: { sent?: boolean; email?: string; errors?: FieldProblem[] },
    status = 200,
  ) {
    render(
      req,
      res,
      'auth/forgot-password',
      {
        title: 'Forgot your password?',
        resetMinutes: PASSWORD_RESET_TTL_MS / 60_000,
        ...data,
      },
      status,
    );
  }

  return router;
}
