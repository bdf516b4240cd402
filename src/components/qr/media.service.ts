import type { Request, Response } from 'express';
import { fromBuffer } from 'file-type';
import mongoose, { Types } from 'mongoose';
import sharp from 'sharp';
import { AppError } from '../../lib/errors';

/**
 * Images and documents live in MongoDB (GridFS bucket `media`), so a backup of the
 * database is a backup of everything. Uploads are judged by their bytes, never by
 * their name or declared type; images are re-encoded, which also drops their
 * metadata (camera, location), and SVG is refused (it can carry script).
 */
export const MEDIA_LIMITS = { imageBytes: 8 * 1024 * 1024, pdfBytes: 25 * 1024 * 1024 };
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const MAX_EDGE = 1600;

const bucket = () => {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: 'media' });
};

async function store(
  bytes: Buffer,
  filename: string,
  contentType: string,
): Promise<Types.ObjectId> {
  const id = new Types.ObjectId();
  await new Promise<void>((resolve, reject) => {
    const upload = bucket().openUploadStreamWithId(id, filename, { metadata: { contentType } });
    upload.once('finish', () => resolve());
    upload.once('error', reject);
    upload.end(bytes);
  });
  return id;
}

/** Stores an uploaded image as a resized, metadata-free JPEG. 400/413/415 for anything else. */
export async function storeImage(bytes: Buffer, purpose: string): Promise<Types.ObjectId> {
  if (bytes.length > MEDIA_LIMITS.imageBytes) {
    throw new AppError('file_too_large', 'Images may be at most 8 MB', 413);
  }
  if (/^\s*(<\?xml|<svg)/i.test(bytes.subarray(0, 256).toString('utf8'))) {
    throw new AppError(
      'unsupported_media_type',
      'SVG images are not accepted; use JPEG, PNG or WebP',
      415,
    );
  }
  const type = await fromBuffer(bytes);
  if (!type || !IMAGE_TYPES.has(type.mime)) {
    throw new AppError('unsupported_media_type', 'The file is not a JPEG, PNG or WebP image', 415);
  }
  let jpeg: Buffer;
  try {
    jpeg = await sharp(bytes, { limitInputPixels: 50_000_000 })
      .rotate()
      .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer();
  } catch {
    throw new AppError('invalid_image', 'The image could not be read', 400);
  }
  return store(jpeg, `${purpose}.jpg`, 'image/jpeg');
}

/** Stores an uploaded PDF as it is (checked by its bytes). */
export async function storePdf(bytes: Buffer, filename: string): Promise<Types.ObjectId> {
  if (bytes.length > MEDIA_LIMITS.pdfBytes) {
    throw new AppError('file_too_large', 'Documents may be at most 25 MB', 413);
  }
  const type = await fromBuffer(bytes);
  if (type?.mime !== 'application/pdf') {
    throw new AppError('unsupported_media_type', 'The file is not a PDF', 415);
  }
  const safeName = filename.replace(/[^\w.\- ]+/g, '_').slice(0, 120) || 'document.pdf';
  return store(bytes, safeName.endsWith('.pdf') ? safeName : `${safeName}.pdf`, 'application/pdf');
}

export async function deleteMedia(id: Types.ObjectId | undefined): Promise<void> {
  if (!id) return;
  await bucket()
    .delete(id)
    .catch(() => undefined);
}

/** Streams a stored file (public: covers, fronts and documents are what visitors came for). */
export async function sendMediaFile(id: string, _req: Request, res: Response): Promise<void> {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw new AppError('not_found', 'File not found', 404);
  const oid = new Types.ObjectId(id);
  const file = await bucket().find({ _id: oid }).next();
  if (!file) throw new AppError('not_found', 'File not found', 404);
  const type = String((file.metadata as { contentType?: string } | undefined)?.contentType ?? '');
  res.set({
    'Content-Type': type === 'application/pdf' ? 'application/pdf' : 'image/jpeg',
    'Content-Length': String(file.length),
    // A file id names fixed bytes: a replaced cover gets a new id.
    'Cache-Control': 'public, max-age=86400, immutable',
    'X-Content-Type-Options': 'nosniff',
    ...(type === 'application/pdf'
      ? { 'Content-Disposition': `inline; filename="${file.filename.replace(/"/g, '')}"` }
      : {}),
  });
  await new Promise<void>((resolve, reject) => {
    const stream = bucket().openDownloadStream(oid);
    stream.once('error', reject);
    stream.once('end', () => resolve());
    stream.pipe(res);
  });
}

/** The bytes of a stored file named by its id or its `/media/<id>` address (for printouts). */
export async function readMediaFile(idOrPath: string): Promise<Buffer | undefined> {
  const id = idOrPath.replace(/^\/media\//, '');
  if (!/^[0-9a-f]{24}$/i.test(id)) return undefined;
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of bucket().openDownloadStream(new Types.ObjectId(id))) {
      chunks.push(chunk as Buffer);
    }
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks);
}
