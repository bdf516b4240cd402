import type { Request, Response, Router } from 'express';
import { AppError } from '../../lib/errors';
import type { AppContext } from '../../lib/context';
import type { PageRenderer } from '../../lib/http/pages';
import { parseId, toFieldProblems } from '../../lib/http/validate';
import { inviteForm } from './auth.schemas';
import { ROLES } from './auth.types';
import { createUser, INVITATION_TTL_MS, listUsers, resendInvitation } from './users.service';

const isAdmin = (req: Request) => req.user?.role === 'admin';

/**
 * `/admin/users`: admins list the people with access, invite someone new and send an
 * invitation again. The sign-in gate in front of `/admin` is the auth pages router's.
 */
export function addAdminUserPages(router: Router, context: AppContext, render: PageRenderer) {
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
}
