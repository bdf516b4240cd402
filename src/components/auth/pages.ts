import type { Request, Response } from 'express';
import type { AppContext } from '../../lib/context';
import type { Problem } from '../../lib/http/error-handler';
import { createViewRenderer } from '../../lib/views';

/**
 * What layout.hbs needs on every page: the signed-in user (for the navigation) and
 * a CSRF token (for the sign-out form and any form the page adds).
 */
export function pageLocals(req: Request): {
  user?: { id: string; name: string; email: string; role: string };
  csrfToken: string;
} {
  const user = req.user && {
    id: req.user.id,
    name: req.user.name,
    email: req.user.email,
    role: req.user.role,
  };
  return { user, csrfToken: req.csrfToken?.() ?? '' };
}

export type PageRenderer = (
  req: Request,
  res: Response,
  name: string,
  data?: Record<string, unknown>,
  status?: number,
) => void;

/**
 * Renders templates/pages/<name>.hbs inside the layout, with `pageLocals` merged in.
 * Pages carry a CSRF token and personal data, so they are not stored by caches.
 */
export function createPageRenderer(context: AppContext): PageRenderer {
  const views = createViewRenderer({ cache: context.config.env === 'production' });
  return (req, res, name, data = {}, status = 200) => {
    const html = views(name, { ...pageLocals(req), ...data });
    res.status(status).set('Cache-Control', 'no-store').type('html').send(html);
  };
}

const HEADINGS: Record<number, string> = {
  400: 'Something in this request was not right',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Page not found',
  405: 'Not possible here',
  410: 'This link is no longer valid',
  413: 'Too much data',
  429: 'Too many attempts',
};

/**
 * Error pages for browsers: the same problem the API would answer (status, code,
 * detail), inside the site layout so the navigation stays, and a way on.
 */
export function createProblemPageRenderer(
  context: AppContext,
): (req: Request, res: Response, problem: Problem) => void {
  const render = createPageRenderer(context);
  return (req, res, problem) => {
    const heading =
      HEADINGS[problem.status] ?? (problem.status >= 500 ? 'Something went wrong' : 'Not possible');
    const detail =
      problem.status >= 500
        ? 'Something went wrong on our side. Please try again in a moment.'
        : problem.detail;
    render(
      req,
      res,
      'error',
      {
        title: heading,
        heading,
        detail,
        status: problem.status,
        code: problem.code,
        signIn: problem.status === 401 && !req.user,
      },
      problem.status,
    );
  };
}
