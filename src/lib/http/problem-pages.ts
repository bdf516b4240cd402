import { Router } from 'express';
import type { Config } from '../../config';
import { AppError } from '../errors';
import { createPageRenderer } from './pages';
import { PROBLEM_TYPES, problemTypePath } from './problem-types';

/**
 * The pages a problem's `type` points at: /problems lists every code, and
 * /problems/<code> says in a few words what one means. Public, like the API docs.
 */
export function createProblemPagesRouter(config: Pick<Config, 'env'>): Router {
  const render = createPageRenderer(config);
  const router = Router();
  const all = Object.entries(PROBLEM_TYPES)
    .map(([code, { title, meaning }]) => ({ code, title, meaning, href: problemTypePath(code) }))
    .sort((a, b) => a.code.localeCompare(b.code));

  router.get('/problems', (req, res) => {
    render(req, res, 'problems', { title: 'Error codes', problems: all });
  });
  router.get('/problems/:code', (req, res) => {
    const code = req.params.code;
    const entry = Object.hasOwn(PROBLEM_TYPES, code) ? PROBLEM_TYPES[code] : undefined;
    if (!entry) throw new AppError('not_found', `There is no error code ${code}`, 404);
    render(req, res, 'problem', { ...entry, code });
  });
  return router;
}
