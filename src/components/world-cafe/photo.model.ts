import { Schema, model, type Types } from 'mongoose';

/**
 * A flipchart photo's record; the image itself (re-encoded, without metadata) is in
 * the GridFS bucket `worldCafePhotos` under `fileId`, a thumbnail under `thumbId`.
 */
export type PhotoDoc = {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  tableId: Types.ObjectId;
  clientId: string;
  round: number;
  caption?: string;
  fileId: Types.ObjectId;
  thumbId: Types.ObjectId;
  width: number;
  height: number;
  bytes: number;
  createdAt: Date;
};

const photoSchema = new Schema<PhotoDoc>(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true },
    tableId: { type: Schema.Types.ObjectId, required: true },
    clientId: { type: String, required: true },
    round: { type: Number, min: 1, max: 10, default: 1 },
    caption: { type: String, maxlength: 300 },
    fileId: { type: Schema.Types.ObjectId, required: true },
    thumbId: { type: Schema.Types.ObjectId, required: true },
    width: { type: Number, required: true },
    height: { type: Number, required: true },
    bytes: { type: Number, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

photoSchema.index({ tableId: 1, clientId: 1 }, { unique: true });

export const WorldCafePhotoModel = model<PhotoDoc>('WorldCafePhoto', photoSchema);
