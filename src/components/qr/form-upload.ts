import { readFile, unlink } from 'node:fs/promises';
import type { NextFunction, Request, Response } from 'express';
import formidable from 'formidable';
import { AppError } from '../../lib/errors';
import { MEDIA_LIMITS } from './media.service';

/** An uploaded file of an organiser form, in memory (its bytes decide what it is, later). */
export type FormFile = { name: string; bytes: Buffer };

declare module 'express-serve-static-core' {
  interface Request {
    /** Files of a multipart organiser form, by field name (see readMultipartForms). */
    formFiles?: Record<string, FormFile>;
  }
}

/** The organiser forms that carry files: resources, postcards, CSV imports. */
const UPLOAD_FORMS =
  /^\/qr\/(resources|postcards)(\/[0-9a-f]{24}\/edit)?$|^\/qr\/import\/(resources|postcards)$/;
const MAX_CSV_FIELD = 2 * 1024 * 1024;

/**
 * Multipart form posts are read here, before the app's authentication, because the
 * CSRF check that authentication runs needs the form's `_csrf` field, which sits in
 * the multipart body (pages work without script, so no header can carry it). Only
 * the forms above are read, bounded in size (the media limits) and count; files are
 * read into memory and their temporary copies deleted at once. Whoever is not
 * signed in or sends no valid token is refused right after, as for any form.
 */
export function readMultipartForms(req: Request, _res: Response, next: NextFunction): void {
  const type = req.headers['content-type'] ?? '';
  if (
    req.method !== 'POST' ||
    !type.startsWith('multipart/form-data') ||
    !UPLOAD_FORMS.test(req.path) ||
    // Without a session cookie (the auth component's `fk_session`) nobody is signed in:
    // the body is left unread and authentication refuses the post as it is.
    !/(^|;\s*)fk_session=/.test(req.headers.cookie ?? '')
  ) {
    return next();
  }
  const form = formidable({
    maxFiles: 2,
    maxFileSize: MEDIA_LIMITS.pdfBytes,
    maxTotalFileSize: MEDIA_LIMITS.pdfBytes + MEDIA_LIMITS.imageBytes,
    maxFields: 40,
    maxFieldsSize: MAX_CSV_FIELD + 64 * 1024,
    allowEmptyFiles: true,
    minFileSize: 0,
  });
  form.parse(req).then(
    async ([rawFields, rawFiles]) => {
      const all = Object.values(rawFiles).flatMap((f) => f ?? []);
      try {
        req.body = Object.fromEntries(
          Object.entries(rawFields).map(([k, v]) => [
            k,
            Array.isArray(v) ? (v[0] ?? '') : String(v ?? ''),
          ]),
        );
        const files: Record<string, FormFile> = {};
        for (const [field, list] of Object.entries(rawFiles)) {
          const file = list?.find((f) => f.size > 0);
          if (file)
            files[field] = {
              name: file.originalFilename ?? '',
              bytes: await readFile(file.filepath),
            };
        }
        req.formFiles = files;
        next();
      } catch (err) {
        next(err);
      } finally {
        await Promise.all(all.map((f) => unlink(f.filepath).catch(() => undefined)));
      }
    },
    (err: { httpCode?: number }) => {
      if (err.httpCode === 413)
        return next(
          new AppError('file_too_large', 'The file is too large (images 8 MB, PDFs 25 MB)', 413),
        );
      next(new AppError('validation_failed', 'The form could not be read', 400));
    },
  );
}
