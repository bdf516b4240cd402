import type { Request, Response } from 'express';
import type { Config } from '../../config';
import { createViewRenderer } from '../views';
import type { Problem } from './error-handler';

/**
 * Server-rendered pages: a template from templates/pages inside the layout. What the
 * layout needs on every page reaches it through request state: the signed-in user
 * (`req.user`, filled by the auth component) for the navigation, and a CSRF token
 * (`req.csrfToken`, also filled by auth) for the sign-out form and any form a page
 * adds. Components render pages with this and never with each other's code.
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

/**
 * The zone a page writes times in when they belong to no event: the signed-in
 * person's choice (their account page), else the configured default.
 */
export function viewerTimeZone(req: Request, config: Pick<Config, 'defaultTimeZone'>): string {
  return req.user?.timeZone ?? config.defaultTimeZone;
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
export function createPageRenderer(config: Pick<Config, 'env'>): PageRenderer {
  const views = createViewRenderer({ cache: config.env === 'production' });
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
  config: Pick<Config, 'env'>,
): (req: Request, res: Response, problem: Problem) => void {
  const render = createPageRenderer(config);
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
