import type { RequestHandler } from 'express';
import { WorldCafeTableModel } from './table.model';

export { TABLE_SCOPE, WALL_SCOPE } from './policies';

const isId = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{24}$/i.test(value);

/**
 * A photo the organiser published (chosen in the table's published summary) is public,
 * like the report it belongs to; any other photo needs `guards` (the table's key or an
 * organiser). The photo's own table is checked by the route itself.
 */
export function publishedPhotoOr(guards: RequestHandler[]): RequestHandler {
  return async (req, res, next) => {
    try {
      const { id, photoId } = req.params;
      const published =
        isId(id) &&
        isId(photoId) &&
        (await WorldCafeTableModel.exists({
          _id: id,
          $or: [
            { 'summary.published.photoIds': photoId },
            {
              'summary.published': { $exists: false },
              'summary.status': 'published',
              'summary.photoIds': photoId,
            },
          ],
        })) !== null;
      if (published) return next();
    } catch (err) {
      return next(err);
    }
    // Otherwise the usual guards, one after the other, as Express would run them.
    const run = (i: number) => (err?: unknown) => {
      if (err !== undefined && err !== null) return next(err);
      const guard = guards[i];
      if (!guard) return next();
      void Promise.resolve(guard(req, res, run(i + 1))).catch(next);
    };
    run(0)();
  };
}
