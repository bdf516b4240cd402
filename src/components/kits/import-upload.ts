import { readFile, unlink } from 'node:fs/promises';
import express, { type Request, type RequestHandler } from 'express';
import formidable from 'formidable';
import { AppError } from '../../lib/errors';

/** A CSV of paper hand-outs: 5,000 lines of about 200 bytes each fit with room to spare. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const MAX_IMPORT_MB = MAX_IMPORT_BYTES / 1024 / 1024;

const PAGE_PATH = /^\/kits\/types\/[0-9a-f]{24}\/import$/i;
const API_PATH = /^\/api\/kit-types\/[0-9a-f]{24}\/hand-out-imports$/i;

export const importTooLarge = () =>
  new AppError(
    'import_too_large',
    `The CSV is larger than ${MAX_IMPORT_MB} MB; split it into several imports`,
    413,
    { maxBytes: MAX_IMPORT_BYTES },
  );

const isTooLarge = (err: unknown) =>
  (err as { type?: string }).type === 'entity.too.large' ||
  (err as { httpCode?: number }).httpCode === 413;

/** The page's form: the CSV as an uploaded file (`file`) or pasted (`csv`), and its other fields. */
async function readMultipart(req: Request): Promise<Record<string, string>> {
  const form = formidable({
    maxFiles: 1,
    maxFileSize: MAX_IMPORT_BYTES,
    maxTotalFileSize: MAX_IMPORT_BYTES,
    maxFields: 10,
    // The pasted text is a field: the same bound as a file.
    maxFieldsSize: MAX_IMPORT_BYTES,
    allowEmptyFiles: true,
    minFileSize: 0,
  });
  let parsed: [formidable.Fields, formidable.Files];
  try {
    parsed = await form.parse(req);
  } catch (err) {
    if (isTooLarge(err)) throw importTooLarge();
    throw new AppError('validation_failed', 'The form could not be read', 400);
  }
  const [rawFields, files] = parsed;
  const fields = Object.fromEntries(
    Object.entries(rawFields).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : String(v)]),
  );
  const all = Object.values(files).flatMap((f) => f ?? []);
  try {
    const file = all.find((f) => f.size > 0);
    // A chosen file wins over pasted text.
    if (file) fields.csv = (await readFile(file.filepath)).toString('utf8');
    return fields;
  } finally {
    await Promise.all(all.map((f) => unlink(f.filepath).catch(() => undefined)));
  }
}

/**
 * Reads the body of the two CSV import routes, which may be far larger than the app's
 * general limits (100 kB forms, 1 MB JSON): the page's form as a file upload
 * (multipart) or pasted (urlencoded), the API's `{ csv }` as JSON or the CSV itself
 * (`text/csv`). Beyond MAX_IMPORT_BYTES: 413 `import_too_large`. Mounted before the
 * general parsers and before authentication, whose CSRF check reads the form's
 * `_csrf` field from the parsed body; other requests pass untouched.
 */
export function createImportBodyParser(): RequestHandler {
  const limit = MAX_IMPORT_BYTES;
  const parsers = [
    express.json({ limit }),
    express.urlencoded({ extended: false, limit }),
    express.text({ type: ['text/csv', 'text/plain'], limit }),
  ];
  return (req, res, next) => {
    const api = API_PATH.test(req.path);
    if (req.method !== 'POST' || !(api || PAGE_PATH.test(req.path))) return next();
    if (!api && req.is('multipart/form-data')) {
      readMultipart(req).then((fields) => {
        req.body = fields;
        next();
      }, next);
      return;
    }
    let i = 0;
    const step = (err?: unknown): void => {
      if (err) return next(isTooLarge(err) ? importTooLarge() : err);
      const parser = parsers[i++];
      if (!parser) {
        if (typeof req.body === 'string') req.body = { csv: req.body };
        return next();
      }
      parser(req, res, step);
    };
    step();
  };
}
