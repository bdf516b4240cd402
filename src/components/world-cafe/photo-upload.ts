import { readFile, unlink } from 'node:fs/promises';
import express, { type Request, type Response } from 'express';
import formidable from 'formidable';
import { AppError } from '../../lib/errors';
import { MAX_PHOTO_BYTES } from './photos.service';

export type PhotoUpload = { data: Buffer; caption?: string; round?: number };

const tooLarge = () =>
  new AppError('payload_too_large', `Photos are limited to ${MAX_PHOTO_BYTES} bytes`, 413);

const readRaw = express.raw({ type: () => true, limit: MAX_PHOTO_BYTES });

function caption(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.slice(0, 300) : undefined;
}
function round(value: unknown): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 10 ? n : undefined;
}

/**
 * A flipchart photo sent either as a form (`multipart/form-data`: a file field
 * `photo`, optional `caption` and `round` fields — what an HTML form or curl -F
 * sends) or as the raw image bytes (any other Content-Type, with `?caption=` and
 * `?round=`: what the capture page's offline queue sends). The image is checked by
 * its content afterwards, never by the declared type or file name.
 */
export async function readPhotoUpload(req: Request, res: Response): Promise<PhotoUpload> {
  if (req.is('multipart/form-data')) return readMultipart(req);
  await new Promise<void>((resolve, reject) =>
    readRaw(req, res, (err?: unknown) => (err ? reject(err) : resolve())),
  ).catch((err: unknown) => {
    if ((err as { status?: number }).status === 413) throw tooLarge();
    throw err;
  });
  const data: unknown = req.body;
  if (!Buffer.isBuffer(data) || data.length === 0) {
    throw new AppError('unsupported_image', 'Send the image bytes as the request body', 415);
  }
  return { data, caption: caption(req.query.caption), round: round(req.query.round) };
}

async function readMultipart(req: Request): Promise<PhotoUpload> {
  const form = formidable({
    maxFiles: 1,
    maxFileSize: MAX_PHOTO_BYTES,
    maxTotalFileSize: MAX_PHOTO_BYTES,
    maxFields: 10,
    maxFieldsSize: 16 * 1024,
    allowEmptyFiles: true,
    minFileSize: 0,
  });
  let parsed: [formidable.Fields, formidable.Files];
  try {
    parsed = await form.parse(req);
  } catch (err) {
    if ((err as { httpCode?: number }).httpCode === 413) throw tooLarge();
    throw new AppError('validation_failed', 'The form could not be read', 400);
  }
  const [fields, files] = parsed;
  const all = Object.values(files).flatMap((f) => f ?? []);
  try {
    const file = files.photo?.[0];
    if (!file || file.size === 0) {
      throw new AppError('validation_failed', 'Invalid request body', 400, {
        errors: [{ path: 'photo', message: 'attach the photo as the form field "photo"' }],
      });
    }
    return {
      data: await readFile(file.filepath),
      caption: caption(fields.caption?.[0]),
      round: round(fields.round?.[0]),
    };
  } finally {
    await Promise.all(all.map((f) => unlink(f.filepath).catch(() => undefined)));
  }
}
