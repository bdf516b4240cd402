import { Router, type Request, type RequestHandler, type Response } from 'express';
import { AppError } from '../../lib/errors';
import type { AppContext } from '../../lib/context';
import { toFieldProblems } from '../../lib/http/validate';
import { addAdminUserPages } from './admin-users.pages';
import { setPasswordForm, signInForm } from './auth.schemas';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from './authenticate';
import {
  createSession,
  deleteSession,
  invalidCredentials,
  verifyCredentials,
} from './credentials.service';
import type { Csrf } from './csrf';
import { requireSignedInPage } from '../../lib/http/access';
import { createPageRenderer, type PageRenderer } from '../../lib/http/pages';
import { setSessionId } from './request-state';
import { safeNextPath } from './safe-redirect';
import { findSetPasswordLink, setPasswordWithLink } from './users.service';

/** Signs the browser in as `userId` (a new session cookie and a CSRF token bound to it). */
type SessionStarter = (req: Request, res: Response, userId: string) => Promise<void>;

/** What the sign-in and set-password pages share. */
type AuthPageKit = {
  context: AppContext;
  csrf: Csrf;
  render: PageRenderer;
  startSession: SessionStarter;
};

/**
 * The organiser pages: sign in/out, set a password from an invitation, manage users.
 * Also the sign-in gate for the dashboard (`/`) and every `/admin` page, wherever
 * their handlers live.
 */
export function createAuthPagesRouter(
  context: AppContext,
  csrf: Csrf,
  signInLimiter: RequestHandler,
): Router {
  const router = Router();
  const render = createPageRenderer(context.config);
  const kit: AuthPageKit = { context, csrf, render, startSession: sessionStarter(context, csrf) };

  router.get('/', requireSignedInPage);
  router.use('/admin', requireSignedInPage);

  addSignInPages(router, kit, signInLimiter);
  addSetPasswordPages(router, kit);
  addAdminUserPages(router, context, render);
  return router;
}

/** A fresh session on every sign-in; any previous one ends (no session fixation). */
function sessionStarter(context: AppContext, csrf: Csrf): SessionStarter {
  return async (req, res, userId) => {
    const previous: unknown = req.cookies?.[SESSION_COOKIE];
    if (typeof previous === 'string' && previous) await deleteSession(previous);
    const { id, token, expiresAt } = await createSession(userId, context.clock());
    setSessionCookie(req, res, context, token, expiresAt);
    // The CSRF cookie was bound to "no session"; bind a fresh one to the new session.
    setSessionId(req, id);
    csrf.token(req, res);
  };
}

/** `/sign-in` (GET, POST) and `/sign-out` (POST). */
function addSignInPages(
  router: Router,
  { context, csrf, render, startSession }: AuthPageKit,
  signInLimiter: RequestHandler,
) {
  router.get('/sign-in', (req, res) => {
    const next = safeNextPath(req.query.next, context.config.publicBaseUrl);
    if (req.user) return res.redirect(303, next);
    renderSignIn(req, res, { next });
  });

  router.post('/sign-in', signInLimiter, csrf.protect, async (req, res, next) => {
    try {
      const form = signInForm.safeParse(req.body ?? {});
      const target = safeNextPath(
        form.success ? form.data.next : undefined,
        context.config.publicBaseUrl,
      );
      if (!form.success) {
        return render(
          req,
          res,
          'auth/sign-in',
          { title: 'Sign in', next: target, error: invalidCredentials().message },
          401,
        );
      }
      let userId: string;
      try {
        userId = (
          await verifyCredentials(form.data.email, form.data.password, context.config.passwordHash)
        ).id;
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'invalid_credentials') throw err;
        return renderSignIn(
          req,
          res,
          { next: target, email: form.data.email, error: err.message },
          401,
        );
      }
      await startSession(req, res, userId);
      res.redirect(303, target);
    } catch (err) {
      next(err);
    }
  });

  router.post('/sign-out', async (req, res, next) => {
    try {
      const cookie: unknown = req.cookies?.[SESSION_COOKIE];
      if (typeof cookie === 'string' && cookie) await deleteSession(cookie);
      clearSessionCookie(req, res, context);
      res.redirect(303, '/sign-in');
    } catch (err) {
      next(err);
    }
  });

  function renderSignIn(
    req: Request,
    res: Response,
    data: { next: string; email?: string; error?: string },
    status = 200,
  ) {
    render(
      req,
      res,
      'auth/sign-in',
      { title: 'Sign in', invalid: String(Boolean(data.error)), ...data },
      status,
    );
  }
}

/** `/set-password` (GET, POST): the page an invitation or reset link opens. */
function addSetPasswordPages(router: Router, { context, csrf, render, startSession }: AuthPageKit) {
  router.get('/set-password', async (req, res, next) => {
    try {
      const token = typeof req.query.token === 'string' ? req.query.token : '';
      const holder = token ? await findSetPasswordLink(token, context.clock()) : undefined;
      if (!holder) return renderLinkInvalid(req, res);
      render(req, res, 'auth/set-password', { title: 'Set your password', token, holder });
    } catch (err) {
      next(err);
    }
  });

  router.post('/set-password', csrf.protect, async (req, res, next) => {
    try {
      const form = setPasswordForm.safeParse(req.body ?? {});
      if (!form.success) {
        const token = typeof req.body?.token === 'string' ? req.body.token : '';
        const holder = token ? await findSetPasswordLink(token, context.clock()) : undefined;
        if (!holder) return renderLinkInvalid(req, res);
        return render(
          req,
          res,
          'auth/set-password',
          { title: 'Set your password', token, holder, errors: toFieldProblems(form.error) },
          400,
        );
      }
      let userId: string;
      try {
        userId = await setPasswordWithLink(
          form.data.token,
          form.data.password,
          context.config.passwordHash,
          context.clock(),
        );
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'link_invalid') throw err;
        return renderLinkInvalid(req, res);
      }
      await startSession(req, res, userId);
      res.redirect(303, '/');
    } catch (err) {
      next(err);
    }
  });

  /** 410: the link is unknown, used or expired. */
  function renderLinkInvalid(req: Request, res: Response) {
    render(req, res, 'auth/set-password', { title: 'Set your password', invalid: true }, 410);
  }
}
