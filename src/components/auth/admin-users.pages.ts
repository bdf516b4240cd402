import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import type { AppContext } from '../../lib/context';
import {
  formView,
  problemsFromIssues,
  type FieldSpec,
  type FormProblem,
  type FormValues,
} from '../../lib/forms';
import { PageRouter } from '../../lib/http/page-router';
import type { PageRenderer } from '../../lib/http/pages';
import { idParam } from '../../lib/http/params';
import { inviteForm } from './auth.schemas';
import { ROLES } from './auth.types';
import { createUser, INVITATION_TTL_MS, listUsers, resendInvitation } from './users.service';

const isAdmin = (req: Request) => req.user?.role === 'admin';

/** The invitation form's fields, named as `inviteForm` reads them. */
const INVITE_FIELDS: FieldSpec[] = [
  { name: 'name', label: 'Name', required: true, maxLength: 200, autocomplete: 'off' },
  { name: 'email', label: 'E-mail address', type: 'email', required: true, autocomplete: 'off' },
  {
    name: 'role',
    label: 'Role',
    type: 'select',
    required: true,
    options: ROLES.map((role) => ({ value: role, label: role })),
  },
];

/** The page's confirmation after an invitation; anything else in the query is ignored. */
const usersQuery = z.object({ invited: z.string().optional().catch(undefined) });
const userParams = z.object({ id: idParam('User') });

/** What was typed into the invitation form, kept as text to draw it again. */
function inviteValues(body: unknown): FormValues {
  const sent = (body ?? {}) as Record<string, unknown>;
  const values: FormValues = {};
  for (const { name } of INVITE_FIELDS) {
    if (typeof sent[name] === 'string') values[name] = sent[name];
  }
  return values;
}

/**
 * `/admin/users`: admins list the people with access, invite someone new and send an
 * invitation again. The sign-in gate in front of `/admin` is the auth pages router's.
 */
export function addAdminUserPages(router: Router, context: AppContext, render: PageRenderer) {
  const pages = new PageRouter(router);
  // Runs before the path and the body are read: a non-admin sees the refusal, nothing else.
  const adminsOnly = (req: Request, res: Response, next: NextFunction) => {
    if (!isAdmin(req) || !req.user) return renderForbidden(req, res);
    next();
  };

  pages.get(
    '/admin/users',
    { guards: [adminsOnly], query: usersQuery },
    async (req, res, { query }) => {
      await renderUsersPage(req, res, { invited: query.invited });
    },
  );

  pages.post(
    '/admin/users',
    {
      guards: [adminsOnly],
      body: inviteForm,
      invalidBody: (req, res, { error }) =>
        renderUsersPage(
          req,
          res,
          {},
          inviteValues(req.body),
          problemsFromIssues(error, INVITE_FIELDS),
          400,
        ),
    },
    async (req, res, { body }) => {
      const inviter = currentAdmin(req);
      try {
        await createUser(
          { name: body.name, email: body.email, role: body.role, invite: true },
          {
            baseUrl: context.config.publicBaseUrl,
            passwordHash: context.config.passwordHash,
            defaultTimeZone: context.config.defaultTimeZone,
            inviter,
            now: context.clock(),
          },
        );
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'email_taken') throw err;
        const problem = { field: 'email', message: err.message };
        return renderUsersPage(req, res, {}, inviteValues(req.body), [problem], 409);
      }
      res.redirect(303, `/admin/users?invited=${encodeURIComponent(body.email)}`);
    },
  );

  pages.post(
    '/admin/users/:id/invitation',
    { guards: [adminsOnly], params: userParams },
    async (req, res, { params }) => {
      let sent: { email: string };
      try {
        sent = await resendInvitation(params.id, {
          baseUrl: context.config.publicBaseUrl,
          defaultTimeZone: context.config.defaultTimeZone,
          inviter: currentAdmin(req),
          now: context.clock(),
        });
      } catch (err) {
        if (!(err instanceof AppError) || (err.code !== 'already_active' && err.status !== 404))
          throw err;
        // Not about a field of the form: shown in the summary above it.
        const problem = { field: '', message: err.message };
        return renderUsersPage(req, res, {}, {}, [problem], err.status);
      }
      res.redirect(303, `/admin/users?invited=${encodeURIComponent(sent.email)}`);
    },
  );

  function currentAdmin(req: Request) {
    // The adminsOnly guard has seen a signed-in admin.
    const user = req.user!;
    return { id: user.id, name: user.name };
  }

  async function renderUsersPage(
    req: Request,
    res: Response,
    data: Record<string, unknown>,
    values: FormValues = {},
    problems: FormProblem[] = [],
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
        invitationDays: INVITATION_TTL_MS / (24 * 3600 * 1000),
        ...formView(INVITE_FIELDS, values, problems),
        ...data,
      },
      status,
    );
  }

  function renderForbidden(req: Request, res: Response) {
    render(req, res, 'forbidden', { title: 'Not allowed' }, 403);
  }
}
