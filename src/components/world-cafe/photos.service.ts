import type { ClientSession } from 'mongoose';
import sharp from 'sharp';
import { AppError, notFound } from '../../lib/errors';
import { recordChange } from './changes.service';
import { toObjectId } from './ids';
import { WorldCafePhotoModel, type PhotoDoc } from './photo.model';
import { deleteImage, readImage, storeImage } from './photo-storage';
import { findTable } from './tables.service';
import { toPhotoView, type PhotoView } from './world-cafe.presenter';
import { captureOnce, type Stored } from './commands';

/** Largest upload accepted (phone photos are 2–8 MB). */
export const MAX_PHOTO_BYTES = 12 * 1024 * 1024;
/** Longest side of the stored copy and of the thumbnail. */
const STORED_SIDE = 2000;
const THUMB_SIDE = 480;
/** Decided by the bytes, never by a file name or a Content-Type the client sends. */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif', 'avif', 'tiff']);

/**
 * Stores a flipchart photo under the phone's `clientId` (idempotent). The image is
 * checked by its content, turned upright, scaled down and re-encoded as JPEG: the
 * re-encoding writes no EXIF, GPS, XMP or IPTC, so neither location nor camera data
 * survives. 415 `unsupported_image` when the bytes are not an image we accept.
 */
export async function putPhoto(
  tableId: string,
  clientId: string,
  input: { data: Buffer; caption?: string; round?: number },
  now = new Date(),
): Promise<Stored<PhotoView>> {
  const table = await findTable(tableId);
  const existing = await WorldCafePhotoModel.findOne({ tableId: table._id, clientId }).lean();
  if (existing) return { value: toPhotoView(existing), created: false };
  if (input.data.length > MAX_PHOTO_BYTES) {
    throw new AppError('payload_too_large', `Photos are limited to ${MAX_PHOTO_BYTES} bytes`, 413);
  }
  const { full, thumb, width, height } = await normalise(input.data);
  // The image files live in GridFS, outside the transaction: written first, and
  // removed again when the photo's record is not the one kept.
  const fileId = await storeImage(full, `${clientId}.jpg`, 'image/jpeg');
  const thumbId = await storeImage(thumb, `${clientId}-thumb.jpg`, 'image/jpeg');
  const dropFiles = () => Promise.all([deleteImage(fileId), deleteImage(thumbId)]);
  let result: Stored<PhotoView>;
  try {
    result = await captureOnce({
      find: async (session?: ClientSession) => {
        const doc = await WorldCafePhotoModel.findOne({ tableId: table._id, clientId }, null, {
          session,
        }).lean();
        return doc ? toPhotoView(doc) : undefined;
      },
      store: async (session) => {
        const [doc] = await WorldCafePhotoModel.create(
          [
            {
              sessionId: table.sessionId,
              tableId: table._id,
              clientId,
              round: input.round ?? 1,
              caption: input.caption,
              fileId,
              thumbId,
              width,
              height,
              bytes: full.length,
            },
          ],
          { session },
        );
        const photo = toPhotoView(doc!.toObject());
        await recordChange(session, table, 'photo', { photoId: photo.id }, now);
        return photo;
      },
    });
  } catch (err) {
    await dropFiles();
    throw err;
  }
  // Another request stored this clientId first: drop our copy, answer with theirs.
  if (!result.created) await dropFiles();
  return result;
}

async function normalise(data: Buffer) {
  let format: string | undefined;
  try {
    format = (await sharp(data).metadata()).format;
  } catch {
    format = undefined;
  }
  if (!format || !ACCEPTED_FORMATS.has(format)) {
    throw new AppError('unsupported_image', 'Upload a JPEG, PNG, WebP or HEIC photo', 415);
  }
  const upright = () => sharp(data, { limitInputPixels: 60_000_000 }).rotate();
  const resize = (side: number) =>
    upright().resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true });
  try {
    const { data: full, info } = await resize(STORED_SIDE)
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumb = await resize(THUMB_SIDE).jpeg({ quality: 75 }).toBuffer();
    return { full, thumb, width: info.width, height: info.height };
  } catch {
    throw new AppError('unsupported_image', 'The image could not be read', 415);
  }
}

export async function listPhotos(tableId: string): Promise<PhotoView[]> {
  const table = await findTable(tableId);
  const docs = await WorldCafePhotoModel.find({ tableId: table._id }).sort({ createdAt: 1 }).lean();
  return docs.map(toPhotoView);
}

export async function findPhoto(id: string): Promise<PhotoDoc> {
  const doc = await WorldCafePhotoModel.findById(toObjectId(id, 'Photo')).lean();
  if (!doc) throw notFound('Photo');
  return doc;
}

/** The stored JPEG (or its thumbnail). */
export async function photoBytes(photo: PhotoDoc, size: 'full' | 'thumb'): Promise<Buffer> {
  return readImage(size === 'full' ? photo.fileId : photo.thumbId);
}
