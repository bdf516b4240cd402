import { Router, type Request, type RequestHandler, type Response } from 'express';
import { AppError } from '../../lib/errors';
import type { AppContext } from '../../lib/context';
import { parseId, toFieldProblems } from '../../lib/http/validate';
import { inviteForm, setPasswordForm, signInForm } from './auth.schemas';
import { ROLES } from './auth.types';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from './authenticate';
import {
  createSession,
  deleteSession,
  invalidCredentials,
  verifyCredentials,
} from './credentials.service';
import type { Csrf } from './csrf';
import { requireSignedInPage } from '../../lib/http/access';
import { createPageRenderer } from '../../lib/http/pages';
import { setSessionId } from './request-state';
import { safeNextPath } from './safe-redirect';
import {
  createUser,
  findSetPasswordLink,
  INVITATION_TTL_MS,
  listUsers,
  resendInvitation,
  setPasswordWithLink,
} from './users.service';

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

  router.get('/', requireSignedInPage);
  router.use('/admin', requireSignedInPage);

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

  router.get('/set-password', async (req, res, next) => {
    try {
      const token = typeof req.query.token === 'string' ? req.query.token : '';
      const holder = token ? await findSetPasswordLink(token, context.clock()) : undefined;
      if (!holder)
        return render(
          req,
          res,
          'auth/set-password',
          { title: 'Set your password', invalid: true },
          410,
        );
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
        if (!holder)
          return render(
            req,
            res,
            'auth/set-password',
            { title: 'Set your password', invalid: true },
            410,
          );
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
        return render(
          req,
          res,
          'auth/set-password',
          { title: 'Set your password', invalid: true },
          410,
        );
      }
      await startSession(req, res, userId);
      res.redirect(303, '/');
    } catch (err) {
      next(err);
    }
  });

  router.get('/admin/users', async (req, res, next) => {
    try {
      if (!isAdmin(req)) return renderForbidden(req, res);
      await renderUsersPage(req, res, {
        invited: typeof req.query.invited === 'string' ? req.query.invited : undefined,
      });
    } catch (err) {
      next(err);
    }
  });

  router.post('/admin/users', async (req, res, next) => {
    try {
      if (!isAdmin(req) || !req.user) return renderForbidden(req, res);
      const form = inviteForm.safeParse(req.body ?? {});
      if (!form.success) {
        return renderUsersPage(
          req,
          res,
          { errors: toFieldProblems(form.error), values: req.body },
          400,
        );
      }
      try {
        await createUser(
          { name: form.data.name, email: form.data.email, role: form.data.role, invite: true },
          {
            baseUrl: context.config.publicBaseUrl,
            passwordHash: context.config.passwordHash,
            defaultTimeZone: context.config.defaultTimeZone,
            inviter: { id: req.user.id, name: req.user.name },
            now: context.clock(),
          },
        );
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'email_taken') throw err;
        return renderUsersPage(
          req,
          res,
          { errors: [{ path: 'email', message: err.message }], values: form.data },
          409,
        );
      }
      res.redirect(303, `/admin/users?invited=${encodeURIComponent(form.data.email)}`);
    } catch (err) {
      next(err);
    }
  });

  router.post('/admin/users/:id/invitation', async (req, res, next) => {
    try {
      if (!isAdmin(req) || !req.user) return renderForbidden(req, res);
      let sent: { email: string };
      try {
        sent = await resendInvitation(parseId(req, 'User'), {
          baseUrl: context.config.publicBaseUrl,
          defaultTimeZone: context.config.defaultTimeZone,
          inviter: { id: req.user.id, name: req.user.name },
          now: context.clock(),
        });
      } catch (err) {
        if (!(err instanceof AppError) || (err.code !== 'already_active' && err.status !== 404))
          throw err;
        const problem = { path: 'invitation', message: err.message };
        return renderUsersPage(req, res, { errors: [problem] }, err.status);
      }
      res.redirect(303, `/admin/users?invited=${encodeURIComponent(sent.email)}`);
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

  /** A fresh session on every sign-in; any previous one ends (no session fixation). */
  async function startSession(req: Request, res: Response, userId: string) {
    const previous: unknown = req.cookies?.[SESSION_COOKIE];
    if (typeof previous === 'string' && previous) await deleteSession(previous);
    const { id, token, expiresAt } = await createSession(userId, context.clock());
    setSessionCookie(req, res, context, token, expiresAt);
    // The CSRF cookie was bound to "no session"; bind a fresh one to the new session.
    setSessionId(req, id);
    csrf.token(req, res);
  }

  async function renderUsersPage(
    req: Request,
    res: Response,
    data: Record<string, unknown>,
    status = 200,
  ) {
    const users = await listUsers({ page: 1, limit: 200, sort: 'name' });
    render(
      req,
      res,
      'auth/admin-users',
      {
        title: 'People with access',
        users: users.items,
        total: users.total,
        roleOptions: ROLES.map((role) => ({
          value: role,
          selected: role === (data.values as { role?: string } | undefined)?.role,
        })),
        invitationDays: INVITATION_TTL_MS / (24 * 3600 * 1000),
        ...data,
      },
      status,
    );
  }

  function renderForbidden(req: Request, res: Response) {
    render(req, res, 'forbidden', { title: 'Not allowed' }, 403);
  }

  return router;
}

const isAdmin = (req: Request) => req.user?.role === 'admin';
