import mongoose, { Types } from 'mongoose';
import { Readable } from 'node:stream';

/**
 * Flipchart photos in GridFS (bucket `worldCafePhotos`), through mongoose's
 * connection so they live in the app's database on every engine.
 */
const BUCKET = 'worldCafePhotos';

function bucket() {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: BUCKET });
}

export async function storeImage(
  data: Buffer,
  fileName: string,
  contentType: string,
): Promise<Types.ObjectId> {
  const id = new Types.ObjectId();
  await new Promise<void>((resolve, reject) => {
    Readable.from([data])
      .pipe(bucket().openUploadStreamWithId(id, fileName, { metadata: { contentType } }))
      .on('finish', () => resolve())
      .on('error', reject);
  });
  return id;
}

export async function readImage(id: Types.ObjectId): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of bucket().openDownloadStream(id)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function deleteImage(id: Types.ObjectId): Promise<void> {
  await bucket().delete(id);
}
