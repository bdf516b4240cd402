import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { toFieldProblems, type FieldProblem } from '../../lib/http/validate';
import { z } from 'zod';
import {
  changePassword,
  PASSWORD_RESET_TTL_MS,
  type PasswordResetQueue,
  setTimeZone,
} from './account.service';
import { changePasswordForm, forgotPasswordForm, timeZoneForm } from './auth.schemas';
import type { Csrf } from './csrf';
import {
  formView,
  problemsOfError,
  validationError,
  type FieldSpec,
  type FormProblem,
} from '../../lib/forms';
import { PageRouter } from '../../lib/http/page-router';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import { createPageRenderer, viewerTimeZone } from '../../lib/http/pages';
import { formatDateTime, timeZoneNames } from '../../lib/time-format';
import { apiTokenHashOf, sessionIdOf } from './request-state';

/** The notices after a change; anything else in the query is ignored. */
const accountQuery = z.object({
  changed: z.string().optional().catch(undefined),
  zone: z.string().optional().catch(undefined),
});

/** The zone form: one select of the zone names, its hint showing the time now in the current one. */
const timeZoneFields = (nowThere: string): FieldSpec[] => [
  {
    name: 'timeZone',
    label: 'Time zone',
    type: 'select',
    required: true,
    hint: `Times that belong to an event are shown in the event’s zone; everything else (outbox, mail, your e-mails) in this one. Now it is ${nowThere}.`,
    options: timeZoneNames().map((name) => ({ value: name, label: name })),
  },
];

/** The password change, named as `changePasswordForm` reads them; never drawn with a value. */
const PASSWORD_FIELDS: FieldSpec[] = [
  {
    name: 'currentPassword',
    label: 'Current password',
    type: 'password',
    required: true,
    autocomplete: 'current-password',
  },
  {
    name: 'newPassword',
    label: 'New password',
    type: 'password',
    required: true,
    autocomplete: 'new-password',
    hint: 'At least 12 characters; a few unrelated words work well. Changing it signs you out in every other browser and revokes your API tokens.',
  },
  {
    name: 'newPasswordConfirm',
    label: 'Repeat new password',
    type: 'password',
    required: true,
    autocomplete: 'new-password',
  },
];

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

  const pages = new PageRouter(router);

  pages.get(
    '/account',
    { guards: [requireSignedInPage], query: accountQuery },
    (req, res, { query }) => {
      renderAccount(req, res, {
        changed: query.changed === '1',
        zoneSaved: query.zone === 'saved',
      });
    },
  );

  pages.post(
    '/account/time-zone',
    {
      guards: [requireSignedInPage],
      body: timeZoneForm,
      invalidBody: (req, res, { error }) =>
        renderAccount(req, res, { zoneProblems: problemsOfError(validationError(error)) }, 400),
    },
    async (req, res, { body }) => {
      await setTimeZone(currentUser(req).id, body.timeZone);
      res.redirect(303, '/account?zone=saved');
    },
  );

  // Cookie-authenticated posts are CSRF-checked by `authenticate`, before any handler.
  pages.post(
    '/account/password',
    {
      guards: [requireSignedInPage, limiters.signIn],
      body: changePasswordForm,
      invalidBody: (req, res, { error }) =>
        renderAccount(req, res, { passwordProblems: problemsOfError(validationError(error)) }, 400),
    },
    async (req, res, { body }) => {
      try {
        await changePassword(
          currentUser(req).id,
          body,
          { sessionId: sessionIdOf(req) || undefined, apiTokenHash: apiTokenHashOf(req) },
          context.config.passwordHash,
        );
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'invalid_credentials') throw err;
        const problem = { field: 'currentPassword', message: 'is not right' };
        return renderAccount(req, res, { passwordProblems: [problem] }, 401);
      }
      res.redirect(303, '/account?changed=1');
    },
  );

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
      passwordProblems?: FormProblem[];
      zoneProblems?: FormProblem[];
    },
    status = 200,
  ) {
    const zone = viewerTimeZone(req, context.config);
    const { passwordProblems = [], zoneProblems = [], ...notices } = data;
    render(
      req,
      res,
      'auth/account',
      {
        title: 'Your account',
        zoneForm: formView(
          timeZoneFields(formatDateTime(context.clock(), zone)),
          { timeZone: zone },
          zoneProblems,
        ),
        passwordForm: formView(PASSWORD_FIELDS, {}, passwordProblems),
        ...notices,
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
