import { readFile, unlink } from 'node:fs/promises';
import type { Request } from 'express';
import { fromBuffer } from 'file-type';
import formidable from 'formidable';
import { AppError } from '../../lib/errors';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png']);

/**
 * Reads a multipart play report: its text fields and an optional photo. The photo's
 * type is read from its bytes (never from the name or the browser's claim): only
 * JPEG and PNG are kept, anything else is 400 `photo_not_an_image`.
 */
export async function readPlayReportUpload(
  req: Request,
): Promise<{ fields: Record<string, string>; photo?: { data: Buffer; mediaType: string } }> {
  const form = formidable({
    maxFiles: 1,
    maxFileSize: MAX_PHOTO_BYTES,
    maxFields: 20,
    maxFieldsSize: 64 * 1024,
    allowEmptyFiles: true,
    minFileSize: 0,
  });
  let parsed: [formidable.Fields, formidable.Files];
  try {
    parsed = await form.parse(req);
  } catch (err) {
    const code = (err as { httpCode?: number }).httpCode;
    if (code === 413) throw new AppError('photo_too_large', 'The photo is larger than 5 MB', 413);
    throw new AppError('validation_failed', 'The form could not be read', 400);
  }
  const [rawFields, files] = parsed;
  const fields = Object.fromEntries(
    Object.entries(rawFields).map(([k, v]) => [
      k,
      Array.isArray(v) ? (v[0] ?? '') : String(v ?? ''),
    ]),
  );
  const all = Object.values(files).flatMap((f) => f ?? []);
  try {
    const file = all.find((f) => f.size > 0);
    if (!file) return { fields };
    const data = await readFile(file.filepath);
    const type = await fromBuffer(data);
    if (!type || !PHOTO_TYPES.has(type.mime))
      throw new AppError('photo_not_an_image', 'The photo must be a JPEG or PNG image', 400);
    return { fields, photo: { data, mediaType: type.mime } };
  } finally {
    await Promise.all(all.map((f) => unlink(f.filepath).catch(() => undefined)));
  }
}
