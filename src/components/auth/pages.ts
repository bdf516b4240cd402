import type { Request, Response } from 'express';
import type { AppContext } from '../../lib/context';
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
